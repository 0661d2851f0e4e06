#include "lab/kernel/uml/uml_kernels.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "lab/kernel/uml/uml_guest.h"
#include "lab/release/release_root.h"
#include "lab/sys/error.h"
#include "lab/sys/process.h"

namespace lab::kernel::uml {
namespace fs = std::filesystem;

namespace {

// What every shipped scenario can ask of a guest: GRE, ESP, iptables NAT.
const std::vector<std::string> kLabModules = {"ip_gre", "esp4", "xfrm_user", "iptable_nat"};

// "6.12.113" → {6, 12, 113}: newer kernels sort first.
std::vector<int> versionParts(const std::string& v) {
  std::vector<int> out;
  int n = 0;
  bool digits = false;
  for (char c : v) {
    if (c >= '0' && c <= '9') {
      n = n * 10 + (c - '0');
      digits = true;
    } else {
      if (digits) out.push_back(n);
      n = 0;
      digits = false;
      if (c != '.') break;
    }
  }
  if (digits) out.push_back(n);
  return out;
}

std::string majorMinor(const std::string& release) {
  const auto p = versionParts(release);
  return p.size() >= 2 ? std::to_string(p[0]) + "." + std::to_string(p[1]) : release;
}

// The one module tree under `base` (/usr/lib/uml/modules/<release>).
fs::path moduleTree(const fs::path& base) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(base, ec))
    if (e.is_directory()) return e.path();
  return {};
}

void findLacks(UmlInstall& u) {
  const auto have = modulesOf(u.modules);
  for (const auto& m : kLabModules)
    if (!have.count(m)) u.lacks.push_back(m);
}

// A root's kernel needs the root's glibc (trixie's 6.12 wants 2.38, bookworm
// has 2.36): a copy of it whose ELF interpreter and library path are the
// root's, made once with patchelf beside the root's manifest. (Running it
// through the root's ld.so instead maps it where UML miscounts its memory.)
fs::path runnableKernel(const fs::path& root, std::string& unusable) {
  const fs::path out = root / "labrun-linux.uml";
  std::error_code ec;
  if (fs::exists(out, ec)) return out;
  const fs::path tmp = root / ("labrun-linux.uml." + std::to_string(::getpid()));
  const std::string lib = (root / "lib/x86_64-linux-gnu").string(), usrLib = (root / "usr/lib/x86_64-linux-gnu").string();
  sys::RunOptions o;
  o.package = "patchelf";
  try {
    auto r = sys::run({"patchelf", "--set-interpreter", lib + "/ld-linux-x86-64.so.2", "--set-rpath", lib + ":" + usrLib,
                       "--output", tmp.string(), (root / "usr/bin/linux.uml").string()},
                      o);
    if (!r.ok()) {
      unusable = "patchelf could not point it at the root's loader: " + r.out;
      fs::remove(tmp, ec);
      return {};
    }
  } catch (const sys::Error&) {
    unusable = "patchelf is not installed (apt-get install patchelf)";
    return {};
  }
  fs::rename(tmp, out, ec);
  if (ec) unusable = "cannot write " + out.string() + ": " + ec.message();
  return out;
}

UmlInstall fromMachine() {
  UmlInstall u;
  u.kernel = "/usr/bin/linux.uml";
  u.modules = moduleTree("/usr/lib/uml/modules");
  u.release = u.modules.filename().string();
  u.name = majorMinor(u.release);
  u.source = std::string(kUmlPackage) + " " + u.release + " (this machine's package)";
  std::error_code ec;
  if (!fs::exists(u.kernel, ec)) u.unusable = "not installed (apt-get install user-mode-linux)";
  else if (u.modules.empty()) u.unusable = "no modules under /usr/lib/uml/modules (apt-get install --reinstall user-mode-linux)";
  return u;
}

UmlInstall fromRoot(const release::ReleaseRoot& r) {
  UmlInstall u;
  u.modules = moduleTree(r.dir / "usr/lib/uml/modules");
  u.release = u.modules.filename().string();
  u.name = majorMinor(u.release);
  u.source = std::string(kUmlPackage) + " " + u.release + " from release root " + r.name();
  if (u.modules.empty()) u.unusable = "no modules in " + r.dir.string() + " (labrun release rm/build " + r.name() + ")";
  else u.kernel = runnableKernel(r.dir, u.unusable);
  return u;
}

bool usableForLab(const UmlInstall& u) { return u.unusable.empty() && u.lacks.empty(); }

}  // namespace

std::set<std::string> modulesOf(const fs::path& tree) {
  std::set<std::string> out;
  std::ifstream dep(tree / "modules.dep");
  for (std::string line; std::getline(dep, line);) {
    const std::string path = line.substr(0, line.find(':'));
    std::string file = path.substr(path.rfind('/') + 1);
    file = file.substr(0, file.find(".ko"));
    std::replace(file.begin(), file.end(), '-', '_');
    out.insert(file);
  }
  return out;
}

std::vector<UmlInstall> umlKernels() {
  std::vector<UmlInstall> out;
  std::error_code ec;
  if (auto m = fromMachine(); fs::exists(m.kernel, ec)) out.push_back(m);
  for (const auto& r : release::listRoots())
    if (r.impl == kUmlRootKind) out.push_back(fromRoot(r));
  for (auto& u : out)
    if (!u.modules.empty()) findLacks(u);
  std::stable_sort(out.begin(), out.end(),
                   [](const UmlInstall& a, const UmlInstall& b) { return versionParts(a.release) > versionParts(b.release); });
  return out;
}

namespace {

const char* requested() {
  const char* k = std::getenv("LABRUN_UML_KERNEL");
  return k && *k && std::string(k) != "auto" ? k : nullptr;
}

std::string names(const std::vector<UmlInstall>& all) {
  std::string out;
  for (const auto& u : all) out += (out.empty() ? "" : ", ") + u.name;
  return out.empty() ? "none" : out;
}

}  // namespace

UmlInstall locateUml() {
  const auto all = umlKernels();
  if (const char* want = requested()) {
    const std::string w = want;
    if (w.find('/') != std::string::npos) {  // a kernel binary of one's own, the machine's modules
      UmlInstall u = fromMachine();
      u.kernel = w;
      u.name = w;
      u.source = w;
      if (!fs::exists(u.kernel)) throw sys::EnvironmentError("the UML kernel " + w + " does not exist", "--uml-kernel auto");
      return u;
    }
    for (const auto& u : all) {
      if (u.name != w && u.release != w) continue;
      if (!u.unusable.empty()) throw sys::EnvironmentError("UML kernel " + w + " (" + u.source + "): " + u.unusable, "--uml-kernel auto");
      return u;
    }
    throw sys::EnvironmentError("no UML kernel " + w + " here (there is: " + names(all) + ")",
                                "labrun release build trixie-uml (6.12), or --uml-kernel auto");
  }
  for (const auto& u : all)
    if (usableForLab(u)) return u;
  for (const auto& u : all)
    if (u.unusable.empty()) return u;  // lacks a module: the probe names it
  if (!all.empty()) throw sys::EnvironmentError("the UML kernel cannot run: " + all.front().unusable, "apt-get install user-mode-linux");
  throw sys::EnvironmentError("the UML kernel /usr/bin/linux.uml is not installed", "apt-get install user-mode-linux");
}

std::string umlChoiceWhy() {
  if (const char* want = requested()) return std::string("--uml-kernel ") + want;
  return "newest UML kernel here with GRE, ESP and iptables NAT";
}

bool insideGuest() {
  static const bool inside = std::getenv("LABRUN_IN_GUEST") != nullptr;
  return inside;
}

bool umlAvailable() {
  try {
    locateUml();
    return true;
  } catch (const sys::Error&) {
    return false;
  }
}

}  // namespace lab::kernel::uml

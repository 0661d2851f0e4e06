#include "lab/release/release_root.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "lab/sys/error.h"
#include "lab/sys/fd.h"
#include "lab/sys/file.h"
#include "lab/sys/process.h"

namespace lab::release {
namespace fs = std::filesystem;
namespace {

constexpr const char* kManifest = "labrun-manifest";
constexpr auto kBuildTimeout = std::chrono::minutes(15);

std::string remedyFor(const std::string& name) { return "labrun release build " + name; }

// The release's own suite of Debian's archive, as released (point releases
// included), not security.debian.org: mmdebstrap adds that by default, and a
// security archive whose index names packages its pool does not serve (seen
// here for bullseye) fails the whole build. A lab reproduces a release's
// daemon behaviour; the suite's own versions are what it ships.
std::string sourcesOf(const std::string& release) {
  return "deb http://deb.debian.org/debian " + release + " main";
}

// An exclusive flock on <roots>/.<name>.lock for as long as it lives.
class RootLock {
 public:
  explicit RootLock(const std::string& name) {
    fs::create_directories(rootsDir());
    const fs::path path = rootsDir() / ("." + name + ".lock");
    fd_ = sys::Fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (!fd_) sys::throwErrno("open " + path.string());
    while (::flock(fd_.get(), LOCK_EX) != 0)
      if (errno != EINTR) sys::throwErrno("flock " + path.string());
  }

 private:
  sys::Fd fd_;
};

std::string lastLines(const fs::path& file, std::size_t count) {
  std::string out;
  for (const auto& l : sys::lastLines({file}, count)) out += "    " + l + "\n";
  return out;
}

void writeManifest(const fs::path& dir, const ReleaseRoot& r) {
  std::ostringstream out;
  out << "# labrun release root: mmdebstrap --variant=apt, exact versions from var/lib/dpkg/status\n"
      << "release " << r.release << "\nimpl " << r.impl << "\nseconds " << r.buildSeconds << '\n'
      << "# sources: " << sourcesOf(r.release) << '\n';
  for (const auto& [pkg, version] : r.packages) out << "package " << pkg << ' ' << version << '\n';
  sys::writeFile(dir / kManifest, out.str());
}

ReleaseRoot build(const std::string& release, const std::string& impl, const std::vector<std::string>& packages,
                  const std::function<void(const std::string&)>& progress) {
  const std::string name = release + "-" + impl;
  const fs::path tmp = rootsDir() / ("." + name + ".tmp");
  const fs::path log = rootsDir() / ("." + name + ".log");
  std::error_code ec;
  fs::remove_all(tmp, ec);  // a build killed earlier (we hold the lock: nobody else builds it)
  fs::remove(log, ec);
  std::string include;
  for (const auto& p : packages) include += (include.empty() ? "" : ",") + p;
  progress("    release root " + name + ": building with mmdebstrap (" + include + "; about 40 s)");
  const auto t0 = std::chrono::steady_clock::now();
  sys::RunOptions options;
  options.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(kBuildTimeout);
  options.logFile = log;
  options.package = "mmdebstrap";
  sys::RunResult r;
  try {
    r = sys::run({"mmdebstrap", "--variant=apt", "--include=" + include, release, tmp.string(), sourcesOf(release)},
                 options);
  } catch (const sys::EnvironmentError& e) {
    throw sys::EnvironmentError("cannot build release root " + name + ": " + e.what(),
                                "apt-get install mmdebstrap; then " + remedyFor(name));
  }
  if (!r.ok()) {
    fs::remove_all(tmp, ec);
    throw sys::EnvironmentError("cannot build release root " + name + " (is '" + release +
                                    "' a Debian release the archive serves, and is the network up?): mmdebstrap " +
                                    (r.timedOut ? "timed out" : "exited " + std::to_string(r.exitCode)) +
                                    "; its last lines (" + log.string() + "):\n" + lastLines(log, 8),
                                remedyFor(name));
  }
  ReleaseRoot root;
  root.release = release;
  root.impl = impl;
  root.buildSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  root.packages = installedPackages(sys::readFile(tmp / "var/lib/dpkg/status"));
  for (const auto& p : packages)
    if (!root.packages.count(p)) {
      fs::remove_all(tmp, ec);
      throw sys::EnvironmentError("release root " + name + ": package " + p + " is not installed after mmdebstrap",
                                  remedyFor(name));
    }
  writeManifest(tmp, root);
  root.dir = rootsDir() / name;
  fs::remove_all(root.dir, ec);  // no manifest (findRoot said so): not a root
  fs::rename(tmp, root.dir);  // complete: visible under its name
  fs::remove(log, ec);
  std::ostringstream s;
  s.precision(3);
  s << root.buildSeconds;
  progress("    release root " + name + ": built in " + s.str() + " s");
  return root;
}

}  // namespace

std::vector<std::string> ReleaseRoot::missing(const std::vector<std::string>& wanted) const {
  std::vector<std::string> out;
  for (const auto& p : wanted)
    if (!packages.count(p)) out.push_back(p);
  return out;
}

std::string ReleaseRoot::packageVersion(const std::string& package) const {
  auto it = packages.find(package);
  return it == packages.end() ? std::string() : it->second;
}

fs::path rootsDir() {
  if (const char* d = std::getenv("LABRUN_ROOTS"); d && *d) return d;
  if (const char* d = std::getenv("XDG_CACHE_HOME"); d && *d) return fs::path(d) / "labrun/roots";
  if (const char* h = std::getenv("HOME"); h && *h) return fs::path(h) / ".cache/labrun/roots";
  return fs::path("/var/cache/labrun/roots");
}

std::optional<std::pair<std::string, std::string>> splitRootName(const std::string& name) {
  auto dash = name.rfind('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 == name.size()) return std::nullopt;
  return std::pair{name.substr(0, dash), name.substr(dash + 1)};
}

std::map<std::string, std::string> installedPackages(const std::string& status) {
  std::map<std::string, std::string> out;
  std::istringstream in(status + "\n\n");
  std::string pkg, version, state;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) {
      if (!pkg.empty() && !version.empty() && state.find(" installed") != std::string::npos) out[pkg] = version;
      pkg.clear(), version.clear(), state.clear();
    } else if (line.rfind("Package: ", 0) == 0) {
      pkg = line.substr(9);
    } else if (line.rfind("Version: ", 0) == 0) {
      version = line.substr(9);
    } else if (line.rfind("Status: ", 0) == 0) {
      state = line.substr(8);
    }
  }
  return out;
}

std::optional<ReleaseRoot> readManifest(const fs::path& dir) {
  std::ifstream in(dir / kManifest);
  if (!in) return std::nullopt;
  ReleaseRoot r;
  r.dir = dir;
  for (std::string line; std::getline(in, line);) {
    std::istringstream f(line);
    std::string key;
    f >> key;
    if (key == "release") f >> r.release;
    else if (key == "impl") f >> r.impl;
    else if (key == "seconds") f >> r.buildSeconds;
    else if (key == "package") {
      std::string p, v;
      if (f >> p >> v) r.packages[p] = v;
    }
  }
  if (r.release.empty() || r.impl.empty()) return std::nullopt;
  return r;
}

std::optional<ReleaseRoot> findRoot(const std::string& release, const std::string& impl) {
  return readManifest(rootsDir() / (release + "-" + impl));
}

ReleaseRoot ensureRoot(const std::string& release, const std::string& impl, const std::vector<std::string>& packages,
                       const std::function<void(const std::string&)>& progress) {
  // A root built before packages joined its list (strongswan-starter for
  // ipsec.conf) is built again: its users need them.
  const auto complete = [&](const std::optional<ReleaseRoot>& r) { return r && r->missing(packages).empty(); };
  if (auto r = findRoot(release, impl); complete(r)) return *r;
  const std::string name = release + "-" + impl;
  if (release.empty() || release.find_first_of("/ .") != std::string::npos)
    throw sys::EnvironmentError("cannot build release root " + name + ": not a Debian release name",
                                remedyFor(name));
  std::optional<RootLock> lock;
  try {
    lock.emplace(name);
  } catch (const sys::Error& e) {
    throw sys::EnvironmentError("cannot build release root " + name + ": " + e.what(), remedyFor(name));
  }
  const auto found = findRoot(release, impl);
  if (complete(found)) {  // another run built it while we waited
    progress("    release root " + name + ": built meanwhile by another labrun (waited for its lock)");
    return *found;
  }
  if (found) {
    std::string list;
    for (const auto& p : found->missing(packages)) list += (list.empty() ? "" : ", ") + p;
    progress("    release root " + name + ": built without " + list + " (since added to its package list): building it again");
  }
  return build(release, impl, packages, progress);
}

std::vector<ReleaseRoot> listRoots() {
  std::vector<ReleaseRoot> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(rootsDir(), ec))
    if (e.is_directory() && e.path().filename().string()[0] != '.')
      if (auto r = readManifest(e.path())) out.push_back(std::move(*r));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name() < b.name(); });
  return out;
}

bool removeRoot(const std::string& release, const std::string& impl) {
  const std::string name = release + "-" + impl;
  const fs::path dir = rootsDir() / name;
  if (!fs::exists(dir)) return false;
  RootLock lock(name);
  // Unnamed first (atomic), so a half-removed root is never taken for one.
  const fs::path doomed = rootsDir() / ("." + name + ".rm");
  std::error_code ec;
  fs::remove_all(doomed, ec);
  fs::rename(dir, doomed);
  fs::remove_all(doomed);
  return true;
}

std::string upstreamVersion(const std::string& v) {
  std::string s = v;
  if (auto colon = s.find(':'); colon != std::string::npos) s = s.substr(colon + 1);
  if (auto dash = s.rfind('-'); dash != std::string::npos) s = s.substr(0, dash);
  if (auto plus = s.find_first_of("+~"); plus != std::string::npos) s = s.substr(0, plus);
  return s;
}

}  // namespace lab::release

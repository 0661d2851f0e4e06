// labrun doctor: what this machine can run, per kernel backend and IKE
// implementation (both asked through their registries), and what to install.
#include <sys/utsname.h>
#include <unistd.h>

#include <iostream>

#include "harness/cli/commands.h"
#include "lab/ike/registry.h"
#include "lab/kernel/backend.h"
#include "lab/kernel/uml/uml_kernels.h"
#include "lab/kernel/uml/xstate_shim_blob.h"
#include "lab/release/release_root.h"
#include "lab/sys/process.h"

namespace harness::cli {
namespace {

std::string packageVersion(const std::string& pkg) {
  try {
    auto r = lab::sys::run({"dpkg-query", "-W", "-f=${Status} ${Version}", pkg});
    const std::string ok = "install ok installed ";
    if (r.ok() && r.out.rfind(ok, 0) == 0) return r.out.substr(ok.size());
  } catch (const std::exception&) {
  }
  return "";
}

std::string pad(const std::string& s, std::size_t n) { return s + std::string(s.size() < n ? n - s.size() : 1, ' '); }

// Every UML kernel there is, what it lacks, and which one runs use.
void printUmlKernels() {
  namespace uml = lab::kernel::uml;
  const auto all = uml::umlKernels();
  std::string chosen;
  try {
    chosen = uml::locateUml().source;
  } catch (const std::exception&) {
  }
  std::cout << "UML kernels (--uml-kernel NAME; auto: " << uml::umlChoiceWhy() << ")\n";
  for (const auto& k : all) {
    std::string state = !k.unusable.empty() ? "cannot boot: " + k.unusable
                        : k.lacks.empty()   ? "has GRE, ESP and iptables NAT"
                                            : "lacks modules:";
    for (const auto& m : k.lacks) state += " " + m;
    std::cout << "  " << pad(k.name, 18) << k.source << " (" << k.kernel.string() << "); " << state << (k.source == chosen ? "  <- used" : "") << '\n';
  }
  bool newer = false;
  for (const auto& k : all) newer = newer || k.source.find("release root") != std::string::npos;
  if (!newer) std::cout << "  (a faster guest: labrun release build trixie-uml)\n";
  // Debian's UML kernels move 832 bytes of FPU state per task switch; a CPU
  // with AVX-512 or AMX has more, which the preloaded shim carries.
  if (const unsigned xsave = uml::hostXsaveBytes(); xsave > uml::kUmlXsaveBytes)
    std::cout << "  (this CPU's XSAVE image is " << xsave << " bytes, Debian's UML kernels handle "
              << uml::kUmlXsaveBytes << ": labrun preloads its shim into them to carry the rest)\n";
}

}  // namespace

int cmdDoctor() {
  utsname u{};
  ::uname(&u);
  std::cout << "kernel      " << u.release << (::geteuid() == 0 ? " (root)" : " (not root)") << '\n';

  const auto all = lab::kernel::everything();
  const lab::kernel::KernelBackend* usable = nullptr;
  std::vector<std::pair<std::string, std::string>> blocked;  // backend, "esp4 is blocked by FILE:LINE (...)"
  std::cout << "backends\n";
  for (const auto* b : lab::kernel::backends()) {
    const std::string name(b->name());
    if (auto why = b->unavailable(); !why.empty()) {
      std::cout << "  " << pad(name, 18) << "unavailable: " << why << '\n';
      continue;
    }
    const auto probe = b->probe(all);
    std::cout << "  " << pad(name, 18) << (probe.ok() ? "can run every scenario" : "missing: " + probe.describe());
    if (!probe.natBackend.empty()) std::cout << " (NAT via " << probe.natBackend << ")";
    std::cout << '\n';
    if (probe.ok() && !usable) usable = b;
    for (const auto& m : probe.missing)
      if (!m.blocked.empty()) blocked.emplace_back(name, m.blocked);
  }
  // A module the kernel has but is told not to load: name the line, and the
  // backend that loads its own modules instead.
  for (const auto& [name, why] : blocked)
    std::cout << "blocked     " << why << ": the " << name << " kernel will not load it on demand; "
              << (usable && usable->name() != name ? "--kernel " + std::string(usable->name()) +
                                                         " works instead (its own kernel and modules)"
                                                   : std::string("remove that line, or modprobe the module as root"))
              << '\n';

  printUmlKernels();
  std::cout << "packages\n";
  int missing = 0;
  for (const char* p : {"iproute2", "iptables", "kmod", "tcpdump", "user-mode-linux"}) {
    auto v = packageVersion(p);
    if (v.empty()) ++missing;
    std::cout << "  " << pad(p, 18) << (v.empty() ? "missing (apt-get install " + std::string(p) + ")" : v) << '\n';
  }
  std::cout << "IKE daemons\n";
  for (const auto* impl : lab::ike::implementations()) {
    auto v = impl->installedVersion();
    if (v.empty()) ++missing;
    std::cout << "  " << pad(std::string(impl->name()), 18)
              << (v.empty() ? "missing (" + impl->installHint() + ")"
                            : v + (impl->outcomeTable().verified(v) ? " (outcome matchers verified)"
                                                                    : " (outcome matchers unverified)"))
              << '\n';
  }
  // Other releases' daemons: optional (a scenario that names a release
  // builds its root on first use), so nothing here counts as missing.
  std::cout << "release roots (" << lab::release::rootsDir().string() << ")\n";
  const auto mmdebstrap = packageVersion("mmdebstrap");
  std::cout << "  " << pad("mmdebstrap", 18)
            << (mmdebstrap.empty() ? "missing (apt-get install mmdebstrap): no root can be built" : mmdebstrap) << '\n';
  const auto roots = lab::release::listRoots();
  for (const auto& r : roots) {
    std::string line = pad(r.name(), 20);
    if (r.impl == "uml")
      if (auto v = r.packageVersion("user-mode-linux"); !v.empty()) line += "user-mode-linux " + v;
    for (const auto* impl : lab::ike::implementations()) {
      if (impl->name() != r.impl) continue;
      for (const auto& pkg : impl->releasePackages(r.release))
        if (auto v = r.packageVersion(pkg); !v.empty()) {
          const auto upstream = lab::release::upstreamVersion(v);
          line += std::string(impl->displayName()) + " " + upstream + " (" + v + ", outcome matchers " +
                  (impl->outcomeTable().verified(upstream) ? "verified" : "unverified") + ")";
          break;
        }
    }
    std::cout << "  " << line << '\n';
  }
  if (roots.empty()) std::cout << "  (none built: labrun release build bullseye)\n";
  std::cout << "verdict     "
            << (usable ? "scenarios run on the " + std::string(usable->name()) + " kernel" +
                             (usable == lab::kernel::backends().front() ? " (fast path)"
                                                                        : " (auto picks it: the first lacks features)")
                       : std::string("nothing can run every scenario: see above"))
            << '\n';
  return usable && missing == 0 ? 0 : 3;
}

}  // namespace harness::cli

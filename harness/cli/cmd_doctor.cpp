#include <sys/utsname.h>
#include <unistd.h>

#include <iostream>

#include "harness/cli/commands.h"
#include "harness/assert/ike_outcomes.h"
#include "lab/ike/ike_registry.h"
#include "lab/kernel/host/host_probe.h"
#include "lab/kernel/uml/uml_guest.h"
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

}  // namespace

int cmdDoctor() {
  utsname u{};
  ::uname(&u);
  std::cout << "kernel      " << u.release << (::geteuid() == 0 ? " (root)" : " (not root)") << '\n';

  lab::kernel::FeatureNeeds all{true, true, true};
  auto probe = lab::kernel::host::probe(all);
  std::cout << "host kernel " << (probe.ok() ? "can run every scenario" : "missing: " + probe.describe())
            << '\n';
  if (!probe.natBackend.empty()) std::cout << "            NAT via " << probe.natBackend << '\n';

  try {
    auto uml = lab::kernel::uml::locateUml();
    std::cout << "uml kernel  " << uml.kernel.string() << " " << uml.release << " (modules "
              << uml.modules.string() << ")\n";
  } catch (const std::exception& e) {
    std::cout << "uml kernel  missing: apt-get install user-mode-linux\n";
  }

  std::cout << "packages\n";
  int missing = 0;
  for (const char* p : {"iproute2", "iptables", "kmod", "tcpdump", "user-mode-linux",
                        "libreswan"}) {
    auto v = packageVersion(p);
    if (v.empty()) ++missing;
    std::cout << "  " << p << std::string(18 - std::string(p).size(), ' ')
              << (v.empty() ? "missing (apt-get install " + std::string(p) + ")" : v) << '\n';
  }
  std::cout << "IKE daemons\n";
  for (const auto& kind : lab::ike::knownDaemons()) {
    auto v = lab::ike::installedVersion(kind);
    if (v.empty()) ++missing;
    std::cout << "  " << kind << std::string(18 - kind.size(), ' ')
              << (v.empty() ? std::string(kind == "libreswan" ? "missing (apt-get install libreswan)"
                                                              : "missing (run ci/strongswan-install)")
                            : v + (harness::assert::verifiedVersion(kind, v) ? " (outcome matchers verified)"
                                                                             : " (outcome matchers unverified)"))
              << '\n';
  }
  const bool umlOk = lab::kernel::uml::umlAvailable();
  std::cout << "verdict     "
            << (probe.ok() ? "scenarios run on the host kernel (fast path)"
                : umlOk    ? "scenarios run under UML (auto picks it: the host kernel lacks features)"
                           : "nothing can run: install user-mode-linux")
            << '\n';
  return (probe.ok() || umlOk) && missing == 0 ? 0 : 3;
}

}  // namespace harness::cli

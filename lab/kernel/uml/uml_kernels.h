#pragma once
// Which UML kernel a guest boots: the machine's user-mode-linux package, or a
// newer Debian's from a release root, picked by what the lab needs and speed.
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace lab::kernel::uml {

// A UML kernel labrun can boot, and its modules: the machine's
// user-mode-linux package, or the one in a release root built for it
// (`labrun release build trixie-uml`: a newer Debian's kernel, which needs
// that release's glibc, run with the root's loader and libraries).
struct UmlInstall {
  std::string name;                   // "6.12": --uml-kernel's value, reports
  std::filesystem::path kernel;       // /usr/bin/linux.uml
  std::filesystem::path modules;      // /usr/lib/uml/modules/<release>
  std::string release;                // "6.12.113"
  std::string source;                 // "user-mode-linux 6.12.113 from release root trixie-uml"
  std::string unusable;               // why it cannot boot here ("" if it can)
  // Modules of the lab's features (GRE, ESP, iptables NAT) it lacks.
  std::vector<std::string> lacks;
};
// Release roots holding a UML kernel are "<release>-uml", with this package.
inline constexpr const char* kUmlRootKind = "uml";
inline constexpr const char* kUmlPackage = "user-mode-linux";
// Every UML kernel there is, newest first.
std::vector<UmlInstall> umlKernels();
// The kernel runs boot: --uml-kernel NAME|PATH ($LABRUN_UML_KERNEL) if given,
// else the newest that can boot here and has every module the lab uses (a
// newer UML kernel runs the guest's system calls faster: ci/bench measures
// it). EnvironmentError naming the package or root when there is none.
UmlInstall locateUml();
// Why locateUml() picks what it picks ("newest with GRE, ESP and NAT" or
// "--uml-kernel 6.1").
std::string umlChoiceWhy();
// Module names in a module tree's modules.dep ("kernel/net/ipv4/ip_gre.ko: ..." → "ip_gre").
std::set<std::string> modulesOf(const std::filesystem::path& tree);

}  // namespace lab::kernel::uml

#pragma once
// A UML guest as a stand-in for a privileged CI runner (labrun runner-sim):
// root inside, no modules preloaded, the kernel autoloading them through
// /sbin/modprobe from /lib/modules/$(uname -r) (the UML kernel's module tree,
// bound there on an overlay of /usr/lib that only the guest sees), and then
// one command run as on the runner: its output relayed line by line, its exit
// status returned. labrun inside sees an ordinary machine whose kernel has
// GRE, ESP and NAT: `--kernel auto` picks the host backend there.
//
// The guest's /run is its own: LABRUN_RUN_BASE points there, so namespaces,
// run directories and `labrun clean` inside never touch the host's.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace lab::kernel::uml {

struct RunnerOptions {
  std::filesystem::path runDir;  // the guest's run directory (on the host filesystem)
  std::string umid;              // unique per guest
  std::vector<std::string> argv; // the command; found on PATH inside, run in `cwd`
  std::filesystem::path cwd;     // the caller's working directory (the same path inside: hostfs)
  std::string memory = "768M";
  std::chrono::seconds timeout{1800};
};

// The guest's run base (its own tmpfs /run).
inline constexpr const char* kRunnerRunBase = "/run/labrun-runner";

// The script the guest runs as root: module tree in place, environment, the
// command with its output relayed (kConsoleMarker on each line).
std::string runnerScript(const RunnerOptions& o, const std::string& release, const std::filesystem::path& modules,
                         const std::filesystem::path& modRoot);

// Boots, runs, returns the command's exit status. Throws as runGuest does
// (sys::Interrupted on Ctrl-C or timeout, after killing the guest).
int runAsRunner(const RunnerOptions& o);

}  // namespace lab::kernel::uml

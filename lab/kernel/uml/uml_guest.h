#pragma once
// Boots Debian's user-mode-linux kernel with the host filesystem as root and
// runs one command (labrun itself) as the guest's init. The guest's console
// is a pipe: lines the guest writes with the progress marker are streamed to
// the caller; everything else (kernel messages) goes to <runDir>/console.log.
// Results and artifacts come back through the run directory (hostfs).
//
// Works as root and as an unprivileged user: UML needs no privileges, its
// umid directory lives under the run directory (uml_dir=).
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "lab/kernel/uml/uml_kernels.h"

namespace lab::kernel::uml {

// Guest lines starting with this marker are progress for the user.
inline constexpr const char* kConsoleMarker = "@@lr ";

// True inside a guest this backend booted (its init exports LABRUN_IN_GUEST):
// progress lines then carry kConsoleMarker.
bool insideGuest();

struct UmlOptions {
  std::filesystem::path runDir;       // on the host filesystem, not under /run
  std::vector<std::string> guestArgv; // argv[0] is an absolute path
  std::string umid;                   // unique per guest, e.g. lr-<lab>
  std::string memory = "256M";
  std::chrono::seconds timeout{600};
  std::function<void(const std::string&)> onProgress;  // marker stripped
  // The host CPU every process of this guest runs on, -1: wherever the
  // scheduler likes. A guest is one CPU's worth of work whose kernel and
  // processes hand over through ptrace at every system call: kept on one CPU
  // each hand-over is a local switch instead of a cross-CPU wake-up (a run
  // takes about two thirds of the time).
  int cpu = -1;
  // --keep: the guest outlives this call. Its console goes to a file (no
  // pipe to outlive), it gets a session of its own, and runGuest returns
  // once the guest job has its result and serves (spool.h's ready file).
  bool keep = false;
  // A stand-in for a real machine (runner_guest.h): no modules preloaded and
  // the kernel's own /sbin/modprobe for autoloading, as on a runner.
  bool runnerLike = false;
};

// The slot-th of the CPUs this process may run on (wrapping around), for
// UmlOptions::cpu; -1 if the affinity mask cannot be read.
int cpuForSlot(int slot);

struct UmlRun {
  int guestExit = -1;     // exit status the guest command reported, -1 if none
  double bootSeconds = 0; // until the guest command's first progress line
  double totalSeconds = 0;
};

bool umlAvailable();

// Boots, streams, waits. Throws sys::Interrupted after killing the guest on
// SIGINT/SIGTERM or timeout; sys::Error if the guest died without a status.
UmlRun runGuest(const UmlOptions& opts);

// The file the guest's init writes the guest command's exit status to.
std::filesystem::path guestStatusFile(const std::filesystem::path& runDir);

// Host pids of UML guests whose uml_dir is under `runBase`.
std::vector<int> guestPids(const std::filesystem::path& runBase);

// Kills UML guests whose uml_dir is under `runBase` (leftovers of a killed
// run); returns their pids.
std::vector<int> killLeftoverGuests(const std::filesystem::path& runBase);

}  // namespace lab::kernel::uml

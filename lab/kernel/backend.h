#pragma once
// Kernel backends: where a lab runs. The choice is made once (by the
// caller, through this interface); nothing downstream branches on a
// backend's name.
//
//   host  this kernel; a job is a labrun child process (lab/kernel/host/)
//   uml   Debian's user-mode-linux kernel; a job is the init of a guest that
//         sees the host's filesystem (lab/kernel/uml/)
//
// A job is a labrun command line that runs a scenario (or a matrix worker)
// on the backend's kernel and hands its result back through its run
// directory; labrun inside the job probes and uses that kernel as its own.
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "lab/kernel/features.h"
#include "lab/kernel/kept.h"

namespace lab::kernel {

struct Job {
  std::vector<std::string> argv;        // argv[0] absolute (labrun itself)
  std::filesystem::path runDir;         // the job's own directory (a guest's state, its console log)
  std::string id;                       // unique among running jobs
  std::chrono::seconds timeout{600};    // then stopped (Interrupted thrown)
  int cpu = -1;                         // keep it on this host CPU (-1: anywhere)
  std::string memory = "256M";          // a guest's memory
  // Output: appended to logFile if set; otherwise progress lines go to
  // onProgress if set, else to labrun's stdout.
  std::filesystem::path logFile;
  std::function<void(const std::string&)> onProgress;
  // --keep: the lab outlives the job; run() returns once the job has its
  // result and holds the lab (holdKept), leaving it reachable.
  bool keep = false;
  // May run in this user's warm guest if one runs (uml: no boot; the
  // edit-rerun loop of `labrun scenario` and `reproduce`); never with keep.
  bool warm = false;
};

struct JobRun {
  int exitCode = -1;       // the job's exit status
  double bootSeconds = 0;  // until the job's first progress line (a guest's boot; 0 on the host)
  double totalSeconds = 0;
};

class KernelBackend {
 public:
  virtual ~KernelBackend() = default;
  virtual std::string_view name() const = 0;  // "host", "uml": --kernel values, reports
  // "" when the backend can run at all; else why not, and what would work.
  virtual std::string unavailable() const = 0;
  // What its kernel lacks of `needs` (and the NAT backend it would use).
  virtual ProbeResult probe(const FeatureNeeds& needs) const = 0;
  // Runs a job to its end. On Ctrl-C or its timeout the job is stopped
  // (and tears its lab down) and sys::Interrupted is thrown.
  virtual JobRun run(const Job& job) const = 0;
  // Stops a running job from another thread (a watchdog); run() returns.
  virtual void kill(const Job& job) const = 0;
  // Kills what killed runs left under `runBase` (e.g. UML guests); their pids.
  virtual std::vector<int> killLeftovers(const std::filesystem::path& runBase) const = 0;
  // Whether a lab can outlive its job (`--keep`) for `labrun exec` to step in.
  virtual bool keepsLabs() const = 0;
  // Kept labs (kept.h). Inside the job, once the lab is kept: whatever keeps
  // it reachable (host: nothing, returns at once; uml: the guest serves
  // exec and shell requests until it is stopped, never returns).
  virtual void holdKept(const KeptLab& lab, int jobExit) const = 0;
  // Runs argv in namespace `netns` of a kept lab with stdout, stderr and the
  // exit status passed through (stdin: the host's own; under uml none).
  // May replace the calling process (host: exec); returns the exit code.
  virtual int execKept(const KeptLab& lab, const std::string& netns, const std::vector<std::string>& argv) const = 0;
  // An interactive shell on a real TTY in `netns` (prompt "[lab node]# ");
  // returns its exit code.
  virtual int shellKept(const KeptLab& lab, const std::string& node, const std::string& netns) const = 0;
  // Whether the kept lab is still there (its namespaces, its guest).
  virtual bool keptAlive(const KeptLab& lab) const = 0;
  // Whether a job must probe the kernel it runs on before building (and fall
  // back to IKE only where it lacks the dataplane). False where probe()
  // already vouches for the job's kernel: a UML guest preloads the modules
  // probe() found, and probing again inside it costs ~0.5 s of guest time.
  virtual bool jobProbesKernel() const = 0;
};

// Every backend, in the order `auto` prefers them (host first: no boot).
std::vector<const KernelBackend*> backends();
std::vector<std::string> backendNames();
// Throws sys::Error listing the known backends.
const KernelBackend& backend(std::string_view name);

}  // namespace lab::kernel

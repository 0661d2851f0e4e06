#pragma once
// Child processes, optionally inside a network namespace (Boost.Process v1:
// fork → setns(CLONE_NEWNET) → setsid → exec). Each child leads its own
// session and process group, so a terminal Ctrl-C reaches only labrun, and
// stopping a child signals its whole group (daemons that fork included).
//
// Every wait polls sys::interrupted(): on an interrupt the child is killed
// first, then sys::Interrupted is thrown.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace lab::netns {
class NetNs;
}

namespace lab::sys {

struct RunOptions {
  const netns::NetNs* ns = nullptr;          // run inside this namespace (none: labrun's own)
  std::chrono::milliseconds timeout{30000};  // 0: no timeout
  std::string stdinText;                     // fed to stdin, then closed (stdin is /dev/null if empty)
  std::filesystem::path logFile;             // if set: stdout+stderr appended here, not captured
  bool inheritOutput = false;                // Process::start: stdout/stderr are labrun's own
  bool dieWithParent = false;                // SIGTERM when labrun dies (even kill -9)
  std::map<std::string, std::string> env;    // added to (or replacing in) labrun's environment
  std::string package;                       // Debian package that ships argv[0] (for the error)
  std::filesystem::path workDir;             // chdir before exec, if set
  // A release root (lab/release): the child runs in a private mount
  // namespace (unshare CLONE_NEWNS, / made private) with this directory as
  // its root (chroot), after entering `ns`. /proc, /dev, /sys, /run and /tmp
  // and the top-level directory of each of `rootBinds` are bind-mounted in
  // at the same paths, so paths the parent uses mean the same inside. The
  // mounts exist only in the child's namespace: they vanish with it.
  // argv[0] is looked up inside the root.
  std::filesystem::path root;
  std::vector<std::filesystem::path> rootBinds;
  // With `root`: a directory bound over the root's /run in a mount
  // namespace of the child's own (unshared after entering the root's), so
  // a daemon with fixed pid-file and socket paths under /var/run (strongSwan's
  // starter and charon) gets a /run per host. Empty: the machine's /run.
  std::filesystem::path rootRun;
};

struct RunResult {
  int exitCode = -1;  // exit status; 128+N if killed by signal N
  std::string out;    // stdout and stderr interleaved (empty with logFile)
  bool timedOut = false;
  bool ok() const { return exitCode == 0 && !timedOut; }
};

// Resolves argv[0] through PATH (plus /usr/sbin, /sbin). Throws
// EnvironmentError naming `package` when it is missing.
std::filesystem::path findProgram(const std::string& name, const std::string& package = {});

// Held by whoever forks a child (here, and the UML guest launcher).
// Boost.Process opens its exec-error pipe with pipe() and only then marks it
// close-on-exec: a fork from another thread in between hands that pipe to
// the other child, and when that child is a daemon (pluto, charon, a UML
// kernel) the first parent waits for ever for the pipe to close. One fork at
// a time closes the window.
std::mutex& forkMutex();

// Programs labrun itself started so far, by file name ("ip": 12), and the
// processes this kernel has created since it booted (/proc/stat's
// "processes"; in a UML guest, the job's own): ci/bench's profile.
std::map<std::string, int> startedPrograms();
long processesCreated();

// Runs argv to completion (or timeout: TERM, then KILL after 1 s).
// Throws Error if it cannot start, Interrupted on an interrupt.
RunResult run(const std::vector<std::string>& argv, const RunOptions& options = {});

// "a b 'c d'": argv for logs and error messages.
std::string quoteArgv(const std::vector<std::string>& argv);

// A long-running child (daemon, capture). Output goes to options.logFile, or
// to /dev/null; stdinText is written then stdin closed. The destructor stops it.
class Process {
 public:
  static Process start(const std::vector<std::string>& argv, const RunOptions& options = {});

  Process(Process&&) noexcept;
  Process& operator=(Process&&) noexcept;
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  ~Process();

  pid_t pid() const;
  bool running();
  // Exit status once it exited (128+N if killed by signal N), else -1.
  int exitCode();
  // SIGTERM to the process group, SIGKILL after `grace`, reaps. Idempotent.
  // Returns the exit code.
  int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(3000)) noexcept;
  // Waits for exit (polling interrupts; throws Interrupted after killing it).
  // Returns false on timeout (the process keeps running).
  bool wait(std::chrono::milliseconds timeout);
  // Forgets the child without stopping it (a kept lab's daemon outlives
  // labrun); the object is empty afterwards. Idempotent.
  void detach() noexcept;
  const std::vector<std::string>& argv() const;

  struct Impl;

 private:
  explicit Process(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace lab::sys

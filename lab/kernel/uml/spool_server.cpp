// Inside a UML guest holding a kept lab: requests from the host's labrun
// exec/shell, each run in a node's namespace (spool.h). One process per
// request: an exec's command writes straight into its .out/.err; a shell
// runs on a pty (devpts mounted here) relayed by a child of its own. A warm
// guest (warm.h) also runs jobs, and halts when idle.
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "lab/kernel/shell_prompt.h"
#include "lab/kernel/uml/spool.h"
#include "lab/sys/error.h"

namespace lab::kernel::uml {
namespace fs = std::filesystem;
namespace {

int statusCode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 255;
}

void writeStatus(const fs::path& ctl, const std::string& id, int code) {
  try {
    writeWhole(ctl, id + ".rc", std::to_string(code) + "\n");
  } catch (const std::exception&) {
  }
}

// In a forked child: enter the namespace, exec argv; on failure a message on
// stderr and exit 127.
[[noreturn]] void enterAndExec(const std::string& netns, const std::vector<std::string>& argv) {
  const std::string path = "/run/netns/" + netns;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::setns(fd, CLONE_NEWNET) != 0) {
    ::dprintf(2, "labrun: cannot enter %s: %s\n", path.c_str(), std::strerror(errno));
    ::_exit(127);
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execvp(args[0], args.data());
  ::dprintf(2, "labrun: cannot run %s: %s\n", args[0], std::strerror(errno));
  ::_exit(127);
}

pid_t startExec(const fs::path& ctl, const std::string& id, const SpoolRequest& r) {
  const std::string out = (ctl / (id + ".out")).string(), err = (ctl / (id + ".err")).string();
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  ::setsid();
  const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const int in = ::open("/dev/null", O_RDONLY);
  if (o < 0 || e < 0 || in < 0) ::_exit(127);
  ::dup2(in, 0);
  ::dup2(o, 1);
  ::dup2(e, 2);
  enterAndExec(r.netns, r.argv);
}

// The shell's relay (a child of the server): pty output → <id>.out, each
// <id>.in.N → the pty, <id>.win.N → its window size; <id>.rc when it exits.
[[noreturn]] void relayShell(const fs::path& ctl, const std::string& id, const SpoolRequest& r) {
  winsize ws{};
  ws.ws_row = static_cast<unsigned short>(r.rows);
  ws.ws_col = static_cast<unsigned short>(r.cols);
  int master = -1;
  const pid_t shell = ::forkpty(&master, nullptr, nullptr, &ws);
  if (shell < 0) {
    writeStatus(ctl, id, 127);
    ::_exit(1);
  }
  if (shell == 0) {
    ::setenv("TERM", r.term.empty() ? "xterm" : r.term.c_str(), 1);
    ::setenv("PS1", r.argv.empty() ? "# " : r.argv[0].c_str(), 1);  // argv[0]: the prompt
    enterAndExec(r.netns, shellArgv());
  }
  const std::string outPath = (ctl / (id + ".out")).string();
  const int out = ::open(outPath.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  const std::string inPrefix = id + ".in.", winPrefix = id + ".win.";
  char buf[4096];
  for (;;) {
    pollfd p{master, POLLIN, 0};
    const int n = ::poll(&p, 1, 20);
    if (n > 0) {
      const ssize_t got = ::read(master, buf, sizeof buf);
      if (got <= 0 && errno != EINTR && errno != EAGAIN) break;  // EIO: the shell is gone
      if (got > 0 && out >= 0) (void)!::write(out, buf, static_cast<size_t>(got));
    }
    for (const auto& name : namesWithPrefix(ctl, id + ".")) {
      const bool in = name.rfind(inPrefix, 0) == 0, win = name.rfind(winPrefix, 0) == 0;
      if (!in && !win) continue;
      const std::string text = readWhole(ctl / name);
      std::error_code ec;
      fs::remove(ctl / name, ec);
      if (in) {
        (void)!::write(master, text.data(), text.size());
      } else {
        std::istringstream s(text);
        int rows = 0, cols = 0;
        if (s >> rows >> cols) {
          ws.ws_row = static_cast<unsigned short>(rows);
          ws.ws_col = static_cast<unsigned short>(cols);
          ::ioctl(master, TIOCSWINSZ, &ws);
        }
      }
    }
  }
  int status = 0;
  ::waitpid(shell, &status, 0);
  writeStatus(ctl, id, statusCode(status));
  ::_exit(0);
}

// A warm guest's job (warm.h): labrun with its run directory as HOME and a
// tmpfs of its own at <runDir>/state (as a booted guest's init gives it),
// the caches dropped first: the host made the run directory anew, perhaps
// under a name this guest has seen before.
pid_t startJob(const fs::path& ctl, const std::string& id, const SpoolRequest& r) {
  if (std::FILE* f = std::fopen("/proc/sys/vm/drop_caches", "w")) {
    std::fputs("3\n", f);
    std::fclose(f);
  }
  const fs::path state = fs::path(r.netns) / "state";
  ::mkdir(state.c_str(), 0700);
  ::mount("tmpfs", state.c_str(), "tmpfs", 0, "mode=0700");
  const std::string out = (ctl / (id + ".out")).string(), err = (ctl / (id + ".err")).string();
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  ::setsid();
  const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const int in = ::open("/dev/null", O_RDONLY);
  if (o < 0 || e < 0 || in < 0) ::_exit(127);
  ::dup2(in, 0);
  ::dup2(o, 1);
  ::dup2(e, 2);
  ::setenv("HOME", r.netns.c_str(), 1);
  if (::chdir(r.netns.c_str()) != 0) ::_exit(127);
  std::vector<char*> args;
  for (const auto& a : r.argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execv(args[0], args.data());
  ::dprintf(2, "labrun: cannot run %s: %s\n", args[0], std::strerror(errno));
  ::_exit(127);
}

void mountDevpts() {
  ::mkdir("/dev/pts", 0755);
  ::mount("devpts", "/dev/pts", "devpts", 0, "newinstance,ptmxmode=0666,mode=0620");
  // /dev/ptmx of devtmpfs reaches the devpts instance at /dev/pts.
}


struct ServeOptions {
  int jobExit = 0;
  bool jobs = false;    // a warm guest: job requests too
  int idleSeconds = 0;  // return after this long without work (0: never)
};

// What runs for a request: its id, and for a job its state mount.
struct Running {
  std::string id;
  bool writesStatus = true;  // a shell's relay writes its own
  fs::path stateMount;       // a job's
  std::optional<std::chrono::steady_clock::time_point> stopAsked;
};

void serve(const fs::path& runDir, const ServeOptions& o) {
  using Clock = std::chrono::steady_clock;
  const fs::path ctl = spoolDir(runDir);
  fs::create_directories(ctl);
  fs::permissions(ctl, fs::perms::owner_all);
  mountDevpts();
  ::signal(SIGPIPE, SIG_IGN);
  writeWhole(ctl, kReadyFile, std::to_string(o.jobExit) + "\n");
  std::set<std::string> seen;
  std::map<pid_t, Running> running;
  auto lastWork = Clock::now();
  for (;;) {
    for (const auto& name : namesWithPrefix(ctl, "")) {
      if (name.size() < 5 || name.compare(name.size() - 4, 4, ".req") != 0 || !seen.insert(name).second) continue;
      const std::string id = name.substr(0, name.size() - 4);
      lastWork = Clock::now();
      try {
        const SpoolRequest r = decodeRequest(readWhole(ctl / name));
        std::error_code ec;
        fs::remove(ctl / name, ec);
        if (r.kind == "exec" && !r.argv.empty()) {
          running[startExec(ctl, id, r)] = {id};
        } else if (r.kind == "shell") {
          if (const pid_t pid = ::fork(); pid == 0) relayShell(ctl, id, r);
          else if (pid > 0) running[pid] = {id, false};
        } else if (r.kind == "job" && o.jobs && !r.argv.empty() && fs::path(r.argv[0]).is_absolute()) {
          running[startJob(ctl, id, r)] = {id, true, fs::path(r.netns) / "state"};
        } else {
          writeWhole(ctl, id + ".err", "labrun: unknown request '" + r.kind + "'\n");
          writeStatus(ctl, id, 2);
        }
      } catch (const std::exception& e) {
        writeStatus(ctl, id, 2);
      }
    }
    // A job asked to stop: SIGINT (it tears its lab down), then, 30 s
    // later, SIGKILL for everything it started.
    for (auto& [pid, r] : running) {
      if (r.stateMount.empty()) continue;
      if (!r.stopAsked && fs::exists(ctl / (r.id + ".stop"))) {
        r.stopAsked = Clock::now();
        ::kill(pid, SIGINT);
      } else if (r.stopAsked && Clock::now() - *r.stopAsked > std::chrono::seconds(30)) {
        ::kill(-pid, SIGKILL);
      }
    }
    int status = 0;
    for (pid_t pid; (pid = ::waitpid(-1, &status, WNOHANG)) > 0;)
      if (auto it = running.find(pid); it != running.end()) {
        if (!it->second.stateMount.empty()) ::umount2(it->second.stateMount.c_str(), MNT_DETACH);
        std::error_code ec;
        fs::remove(ctl / (it->second.id + ".stop"), ec);
        if (it->second.writesStatus) writeStatus(ctl, it->second.id, statusCode(status));
        running.erase(it);
        lastWork = Clock::now();
      }
    if (!running.empty()) lastWork = Clock::now();
    if (o.idleSeconds > 0 && Clock::now() - lastWork > std::chrono::seconds(o.idleSeconds)) {
      std::error_code ec;
      fs::remove(ctl / kReadyFile, ec);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(o.jobs ? 20 : 50));
  }
}

}  // namespace

void serveSpool(const fs::path& runDir, int jobExit) {
  serve(runDir, {jobExit, false, 0});
  ::_exit(0);  // not reached: a kept lab's server has no idle timeout
}

void serveWarm(const fs::path& warmDir, int idleSeconds) { serve(warmDir, {0, true, idleSeconds}); }

}  // namespace lab::kernel::uml

// Inside a UML guest holding a kept lab: requests from the host's labrun
// exec/shell, each run in a node's namespace (spool.h). One process per
// request: an exec's command writes straight into its .out/.err; a shell
// runs on a pty (devpts mounted here) relayed by a child of its own.
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
#include <cstring>
#include <map>
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

void mountDevpts() {
  ::mkdir("/dev/pts", 0755);
  ::mount("devpts", "/dev/pts", "devpts", 0, "newinstance,ptmxmode=0666,mode=0620");
  // /dev/ptmx of devtmpfs reaches the devpts instance at /dev/pts.
}

}  // namespace

void serveSpool(const fs::path& runDir, int jobExit) {
  const fs::path ctl = spoolDir(runDir);
  fs::create_directories(ctl);
  fs::permissions(ctl, fs::perms::owner_all);
  mountDevpts();
  ::signal(SIGPIPE, SIG_IGN);
  writeWhole(ctl, kReadyFile, std::to_string(jobExit) + "\n");
  std::set<std::string> seen;
  std::map<pid_t, std::string> execs;  // exec children → request id (shell relays write their own .rc)
  for (;;) {
    for (const auto& name : namesWithPrefix(ctl, "")) {
      if (name.size() < 5 || name.compare(name.size() - 4, 4, ".req") != 0 || !seen.insert(name).second) continue;
      const std::string id = name.substr(0, name.size() - 4);
      try {
        const SpoolRequest r = decodeRequest(readWhole(ctl / name));
        std::error_code ec;
        fs::remove(ctl / name, ec);
        if (r.kind == "exec" && !r.argv.empty()) {
          execs[startExec(ctl, id, r)] = id;
        } else if (r.kind == "shell") {
          if (::fork() == 0) relayShell(ctl, id, r);
        } else {
          writeWhole(ctl, id + ".err", "labrun: unknown request '" + r.kind + "'\n");
          writeStatus(ctl, id, 2);
        }
      } catch (const std::exception& e) {
        writeStatus(ctl, id, 2);
      }
    }
    int status = 0;
    for (pid_t pid; (pid = ::waitpid(-1, &status, WNOHANG)) > 0;)
      if (auto it = execs.find(pid); it != execs.end()) {
        writeStatus(ctl, it->second, statusCode(status));
        execs.erase(it);
      }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace lab::kernel::uml

#include "lab/sys/process.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <thread>

#include <boost/filesystem/path.hpp>
#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/env.hpp>
#include <boost/process/environment.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/search_path.hpp>

#include "lab/netns/netns.h"
#include "lab/sys/error.h"
#include "lab/sys/mount_ns.h"
#include "lab/sys/fd.h"
#include "lab/sys/interrupt.h"

namespace bp = boost::process;

namespace lab::sys {

std::map<std::string, int>& startedTally();  // below
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPoll = std::chrono::milliseconds(20);

// Keeps fds clear of 0..2 so the child's dup2 onto stdio cannot clobber them.
Fd highFd(Fd fd, const std::string& what) {
  if (!fd) throwErrno(what);
  if (fd.get() > 2) return fd;
  Fd moved(::fcntl(fd.get(), F_DUPFD_CLOEXEC, 3));
  if (!moved) throwErrno("dup " + what);
  return moved;
}

struct Pipe {
  Fd read, write;
};

Pipe makePipe() {
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0) throwErrno("pipe2");
  Fd r(p[0]), w(p[1]);
  return {highFd(std::move(r), "pipe"), highFd(std::move(w), "pipe")};
}

// stdin as a socket pair: the parent writes with MSG_NOSIGNAL, so a child
// that exits without reading cannot SIGPIPE labrun.
Pipe makeStdinPair() {
  int p[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, p) != 0) throwErrno("socketpair");
  Fd child(p[0]), parent(p[1]);
  ::shutdown(child.get(), SHUT_WR);
  ::shutdown(parent.get(), SHUT_RD);
  return {highFd(std::move(child), "socketpair"), highFd(std::move(parent), "socketpair")};
}

Fd openDevNull(int flags) {
  return highFd(Fd(::open("/dev/null", flags | O_CLOEXEC)), "open /dev/null");
}

Fd openLog(const std::filesystem::path& p) {
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  return highFd(Fd(::open(p.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)),
                "open log " + p.string());
}

void setNonBlocking(int fd) {
  int fl = ::fcntl(fd, F_GETFL);
  if (fl >= 0) ::fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

int decodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// What the child does between fork and exec. Only async-signal-safe calls.
struct ChildSetup {
  int nsFd = -1;
  int inFd = -1;
  int outFd = -1;
  const char* workDir = nullptr;
  pid_t dieWith = 0;  // SIGTERM when this process (the parent) dies
  const char* root = nullptr;  // chroot here, in the mount namespace `mountNs`
  int mountNs = -1;            // the release root's private mount namespace (mount_ns.h)
  const char* runSource = nullptr;  // bound over runTarget (<root>/run) in a namespace of the child's own
  const char* runTarget = nullptr;
};

// argv[0] inside a release root: the path to exec after chroot.
std::filesystem::path findInRoot(const std::filesystem::path& root, const std::string& name,
                                 const std::string& package) {
  std::vector<std::string> candidates;
  if (name.find('/') != std::string::npos) candidates.push_back(name);
  else
    for (const char* d : {"/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/"}) candidates.push_back(d + name);
  for (const auto& c : candidates)
    if (::access((root / c.substr(1)).c_str(), X_OK) == 0) return c;
  throw EnvironmentError(name + " not found in release root " + root.string() +
                             (package.empty() ? "" : " (Debian package " + package + ")"),
                         "remove the root (labrun release rm) and build it again");
}

template <class Exec>
[[noreturn]] void childFail(Exec& exec, const char* what) {
  exec.set_error(std::error_code(errno, std::system_category()), what);
  ::_exit(127);
}

// A started child: Boost's handle plus our own bookkeeping of its status.
struct Child {
  bp::child handle;
  pid_t pid = -1;
  bool reaped = false;
  int status = 0;
  Fd exitFd;  // pidfd: readable once the child has exited (none on kernels before 5.3)

  // Exited (a zombie or reaped) — checked without reaping, so the process
  // group id stays reserved until we have signalled the group.
  bool exited() {
    if (reaped) return true;
    siginfo_t info{};
    if (::waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0) return errno == ECHILD;
    return info.si_pid == pid;
  }
  void reap() {
    if (reaped) return;
    std::error_code ec;
    handle.running(ec);  // waitpid(WNOHANG): collects the status
    status = handle.native_exit_code();
    reaped = true;
  }
  void signalGroup(int sig) {
    if (reaped) return;
    if (::kill(-pid, sig) != 0) ::kill(pid, sig);
  }
  // Sleeps until the child exits (woken by its pidfd), `ms` passes or a
  // signal arrives; without a pidfd, for one poll interval at most.
  void waitForExit(int ms) {
    if (!exitFd) {
      std::this_thread::sleep_for(std::min(kPoll, std::chrono::milliseconds(ms)));
      return;
    }
    pollfd p{exitFd.get(), POLLIN, 0};
    ::poll(&p, 1, ms);
  }
  // Waits until exited or `until`; true if exited.
  bool waitUntil(Clock::time_point until) {
    while (!exited()) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
      if (left <= 0) return false;
      waitForExit(static_cast<int>(std::min<long>(left, 100)));
    }
    return true;
  }
  // TERM, KILL after grace; reaps. Never throws.
  void terminate(std::chrono::milliseconds grace) noexcept {
    if (reaped) return;
    if (!exited()) {
      signalGroup(SIGTERM);
      if (!waitUntil(Clock::now() + grace)) {
        signalGroup(SIGKILL);
        if (!waitUntil(Clock::now() + std::chrono::seconds(5))) {
          handle.detach();  // unkillable (D state): give up rather than hang
          reaped = true;
          status = W_EXITCODE(0, SIGKILL);
          return;
        }
      }
    }
    signalGroup(SIGKILL);  // stragglers of the group; the zombie holds the pgid
    reap();
  }
  int exitCode() const { return reaped ? decodeStatus(status) : -1; }
};

Child spawn(const std::vector<std::string>& argv, const RunOptions& options, int inFd, int outFd) {
  if (argv.empty()) throw Error("run: empty argv");
  auto exe = options.root.empty() ? findProgram(argv[0], options.package)
                                  : findInRoot(options.root, argv[0], options.package);
  const std::string root = options.root.string();
  const int mountNs = root.empty() ? -1 : releaseRootMountNs(options.root, options.rootBinds);
  // A copy: this_process::environment() is live, and writing to it would
  // setenv() labrun itself (and leak into every later child).
  bp::environment env = boost::this_process::environment();
  for (const auto& [k, v] : options.env) env[k] = v;
  std::vector<std::string> args(argv.begin() + 1, argv.end());
  std::string workDir = options.workDir.string();
  const std::string runSource = options.rootRun.string();
  const std::string runTarget = (options.root / "run").string();
  const bool privateRun = !root.empty() && !runSource.empty();
  ChildSetup setup{options.ns ? options.ns->fd() : -1, inFd, outFd, workDir.empty() ? nullptr : workDir.c_str(),
                   options.dieWithParent ? ::getpid() : 0, root.empty() ? nullptr : root.c_str(), mountNs,
                   privateRun ? runSource.c_str() : nullptr, privateRun ? runTarget.c_str() : nullptr};

  auto onExecSetup = [setup](auto& exec) {
    if (setup.nsFd >= 0 && ::setns(setup.nsFd, CLONE_NEWNET) != 0) childFail(exec, "setns(CLONE_NEWNET)");
    if (setup.root) {
      if (::setns(setup.mountNs, CLONE_NEWNS) != 0) childFail(exec, "setns(CLONE_NEWNS) into the release root's namespace");
      if (setup.runSource) {  // a /run of its own: the root's namespace is private, so this stays here
        if (::unshare(CLONE_NEWNS) != 0) childFail(exec, "unshare(CLONE_NEWNS) for a private /run");
        if (::mount(setup.runSource, setup.runTarget, nullptr, MS_BIND, nullptr) != 0)
          childFail(exec, "bind a private /run into the release root");
      }
      if (::chroot(setup.root) != 0) childFail(exec, "chroot into the release root");
      if (::chdir("/") != 0) childFail(exec, "chdir / in the release root");
    }
    if (::setsid() < 0) childFail(exec, "setsid");
    if (::dup2(setup.inFd, STDIN_FILENO) < 0) childFail(exec, "dup2 stdin");
    if (::dup2(setup.outFd, STDOUT_FILENO) < 0) childFail(exec, "dup2 stdout");
    if (::dup2(setup.outFd, STDERR_FILENO) < 0) childFail(exec, "dup2 stderr");
    if (setup.workDir && ::chdir(setup.workDir) != 0) childFail(exec, "chdir");
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    if (setup.dieWith) {
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);
      if (::getppid() != setup.dieWith) ::_exit(128 + SIGTERM);  // the parent is gone already
    }
  };

  try {
    std::lock_guard oneForkAtATime(forkMutex());
    Child c{bp::child(bp::exe = exe.string(), bp::args = args, env,
                      bp::extend::on_exec_setup = onExecSetup)};
    ++startedTally()[exe.filename().string()];
    c.pid = c.handle.id();
    c.exitFd = Fd(static_cast<int>(::syscall(SYS_pidfd_open, c.pid, 0)));
    return c;
  } catch (const bp::process_error& e) {
    std::string where = (options.ns ? " in " + options.ns->name() : "") +
                        (options.root.empty() ? "" : " in release root " + options.root.string());
    throw Error("cannot start " + quoteArgv(argv) + where + ": " + e.what());
  }
}

}  // namespace

std::map<std::string, int>& startedTally() {  // guarded by forkMutex()
  static std::map<std::string, int> tally;
  return tally;
}

std::map<std::string, int> startedPrograms() {
  std::lock_guard lock(forkMutex());
  return startedTally();
}

long processesCreated() {
  std::ifstream in("/proc/stat");
  std::string key;
  long n = -1;
  while (in >> key) {
    if (key == "processes") {
      in >> n;
      break;
    }
    in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return n;
}

std::mutex& forkMutex() {
  static std::mutex m;
  return m;
}

std::filesystem::path findProgram(const std::string& name, const std::string& package) {
  if (name.find('/') != std::string::npos) {
    if (::access(name.c_str(), X_OK) == 0) return name;
  } else {
    std::vector<boost::filesystem::path> dirs;
    if (const char* p = std::getenv("PATH")) {
      std::stringstream ss(p);
      for (std::string d; std::getline(ss, d, ':');)
        if (!d.empty()) dirs.emplace_back(d);
    }
    for (const char* d : {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"})
      dirs.emplace_back(d);
    auto found = bp::search_path(name, dirs);
    if (!found.empty()) return found.string();
  }
  std::string remedy = package.empty() ? "install the package that provides " + name
                                       : "apt-get install " + package;
  throw EnvironmentError(name + " not found in PATH" +
                             (package.empty() ? "" : " (Debian package " + package + ")"),
                         remedy);
}

std::string quoteArgv(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) {
    if (!out.empty()) out += ' ';
    bool plain = !a.empty() && a.find_first_of(" \t\n'\"\\$*?;&|<>()") == std::string::npos;
    if (plain) {
      out += a;
    } else {
      out += '\'';
      for (char c : a) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
      out += '\'';
    }
  }
  return out;
}

RunResult run(const std::vector<std::string>& argv, const RunOptions& options) {
  throwIfInterrupted("run " + (argv.empty() ? std::string() : argv[0]));
  Pipe in = options.stdinText.empty() ? Pipe{openDevNull(O_RDONLY), Fd()} : makeStdinPair();
  Pipe out = options.logFile.empty() ? makePipe() : Pipe{Fd(), openLog(options.logFile)};

  Child child = spawn(argv, options, in.read.get(), out.write.get());
  in.read.reset();
  out.write.reset();  // EOF on out.read once the child (and its children) close it
  if (in.write) setNonBlocking(in.write.get());
  if (out.read) setNonBlocking(out.read.get());

  RunResult result;
  std::size_t written = 0;
  auto readSome = [&] {
    char buf[16384];
    for (;;) {
      ssize_t n = ::read(out.read.get(), buf, sizeof buf);
      if (n > 0) {
        result.out.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      if (n == 0) out.read.reset();
      return;  // EOF, EAGAIN or error
    }
  };
  auto writeSome = [&] {
    while (written < options.stdinText.size()) {
      ssize_t n = ::send(in.write.get(), options.stdinText.data() + written,
                         options.stdinText.size() - written, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        written += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
      break;  // EPIPE: the child stopped reading
    }
    in.write.reset();  // all written (or unwritable): the child sees EOF
  };

  const bool hasDeadline = options.timeout.count() > 0;
  const auto deadline = Clock::now() + options.timeout;
  while (!child.exited()) {
    pollfd fds[3];
    nfds_t n = 0;
    if (out.read) fds[n++] = {out.read.get(), POLLIN, 0};
    if (in.write) fds[n++] = {in.write.get(), POLLOUT, 0};
    if (child.exitFd) fds[n++] = {child.exitFd.get(), POLLIN, 0};  // no lag after the child exits
    ::poll(fds, n, static_cast<int>(kPoll.count()) * (child.exitFd ? 5 : 1));
    if (out.read) readSome();
    if (in.write) writeSome();
    if (interrupted()) {
      child.terminate(std::chrono::milliseconds(500));
      throwIfInterrupted("run " + quoteArgv(argv));
    }
    if (hasDeadline && Clock::now() >= deadline) {
      result.timedOut = true;
      child.terminate(std::chrono::milliseconds(1000));
      break;
    }
  }
  child.reap();
  // Whatever the child wrote is in the pipe now; do not wait for EOF, since
  // a daemon it left behind may hold the write end for ever.
  if (out.read) readSome();
  result.exitCode = child.exitCode();
  return result;
}

// ---- Process ----------------------------------------------------------------

struct Process::Impl {
  std::vector<std::string> argv;
  Child child;
};

Process Process::start(const std::vector<std::string>& argv, const RunOptions& options) {
  throwIfInterrupted("start " + (argv.empty() ? std::string() : argv[0]));
  Pipe in = options.stdinText.empty() ? Pipe{openDevNull(O_RDONLY), Fd()} : makeStdinPair();
  Fd out = !options.logFile.empty() ? openLog(options.logFile)
           : options.inheritOutput   ? Fd(::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3))
                                     : openDevNull(O_WRONLY);
  auto impl = std::make_unique<Impl>(Impl{argv, spawn(argv, options, in.read.get(), out.get())});
  in.read.reset();
  if (in.write) {
    // Small texts (configs, passwords): a blocking write with a bounded total.
    std::size_t written = 0;
    const auto& t = options.stdinText;
    auto until = Clock::now() + std::chrono::seconds(5);
    while (written < t.size() && Clock::now() < until) {
      ssize_t n = ::send(in.write.get(), t.data() + written, t.size() - written,
                         MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        written += static_cast<std::size_t>(n);
      } else if (n < 0 && errno == EAGAIN) {
        std::this_thread::sleep_for(kPoll);
      } else {
        break;
      }
    }
  }
  return Process(std::move(impl));
}

Process::Process(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Process::Process(Process&&) noexcept = default;
Process& Process::operator=(Process&& o) noexcept {
  if (this != &o) {
    stop();
    impl_ = std::move(o.impl_);
  }
  return *this;
}
Process::~Process() { stop(); }

pid_t Process::pid() const { return impl_ ? impl_->child.pid : -1; }

bool Process::running() { return impl_ && !impl_->child.exited(); }

int Process::exitCode() {
  if (!impl_) return -1;
  if (impl_->child.exited()) impl_->child.reap();
  return impl_->child.exitCode();
}

int Process::stop(std::chrono::milliseconds grace) noexcept {
  if (!impl_) return -1;
  impl_->child.terminate(grace);
  return impl_->child.exitCode();
}

void Process::detach() noexcept {
  if (!impl_) return;
  impl_->child.handle.detach();
  impl_.reset();
}

bool Process::wait(std::chrono::milliseconds timeout) {
  if (!impl_) return true;
  const auto until = Clock::now() + timeout;
  while (!impl_->child.exited()) {
    if (interrupted()) {
      impl_->child.terminate(std::chrono::milliseconds(500));
      throwIfInterrupted("waiting for " + quoteArgv(impl_->argv));
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
    if (left <= 0) return false;
    impl_->child.waitForExit(static_cast<int>(std::min<long>(left, 100)));
  }
  impl_->child.reap();
  return true;
}

const std::vector<std::string>& Process::argv() const {
  static const std::vector<std::string> none;
  return impl_ ? impl_->argv : none;
}

}  // namespace lab::sys

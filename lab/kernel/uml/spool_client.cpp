// The host side of a kept UML lab's spool (spool.h): one request, relayed
// until its exit status appears.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <optional>

#include "lab/kernel/uml/spool.h"
#include "lab/sys/error.h"
#include "lab/sys/fd.h"

namespace lab::kernel::uml {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
namespace {

std::atomic<bool> gResized{false};
void onWinch(int) { gResized = true; }

// The terminal in raw mode for as long as this lives (a shell's keys go to
// the guest's pty as typed; it echoes them).
class RawTerminal {
 public:
  RawTerminal() {
    if (!::isatty(STDIN_FILENO) || ::tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios raw = saved_;
    ::cfmakeraw(&raw);
    if (::tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0) active_ = true;
  }
  ~RawTerminal() {
    if (active_) ::tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
  }
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

// Follows one output file of the request, from where it was last read.
class Follow {
 public:
  Follow(fs::path file, int to) : file_(std::move(file)), to_(to) {}
  void pump() {
    if (!fd_) fd_ = sys::Fd(::open(file_.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd_) return;
    char buf[8192];
    for (ssize_t n; (n = ::read(fd_.get(), buf, sizeof buf)) > 0;)
      for (ssize_t off = 0; off < n;) {
        const ssize_t w = ::write(to_, buf + off, static_cast<size_t>(n - off));
        if (w <= 0) return;
        off += w;
      }
  }

 private:
  fs::path file_;
  int to_;
  sys::Fd fd_;
};

bool windowSize(int& rows, int& cols) {
  winsize ws{};
  if (::ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0) return false;
  rows = ws.ws_row;
  cols = ws.ws_col;
  return true;
}

std::optional<int> readStatus(const fs::path& file) {
  if (!fs::exists(file)) return std::nullopt;
  try {
    return std::stoi(readWhole(file));
  } catch (const std::exception&) {
    return 255;
  }
}

}  // namespace

int runSpoolRequest(const fs::path& runDir, const SpoolRequest& request, bool (*alive)(const fs::path&)) {
  const fs::path ctl = spoolDir(runDir);
  static unsigned counter = 0;
  const std::string id = "r" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  const bool shell = request.kind == "shell";
  SpoolRequest r = request;
  if (shell) {
    windowSize(r.rows, r.cols);
    if (const char* t = std::getenv("TERM")) r.term = t;
  }
  std::optional<RawTerminal> raw;
  if (shell) {
    raw.emplace();
    ::signal(SIGWINCH, onWinch);
  }
  writeWhole(ctl, id + ".req", encodeRequest(r));
  Follow out(ctl / (id + ".out"), STDOUT_FILENO), err(ctl / (id + ".err"), STDERR_FILENO);
  unsigned seq = 0;
  auto lastAliveCheck = Clock::now();
  std::optional<int> status;
  bool stdinOpen = shell;
  for (;;) {
    out.pump();
    err.pump();
    if (status) break;  // drained after the status appeared
    status = readStatus(ctl / (id + ".rc"));
    if (status) continue;
    if (Clock::now() - lastAliveCheck > std::chrono::seconds(1)) {
      lastAliveCheck = Clock::now();
      if (!alive(runDir)) {
        raw.reset();
        std::cerr << "labrun: the lab's UML guest is gone\n";
        return sys::kExitEnvironment;
      }
    }
    if (gResized.exchange(false)) {
      int rows = 0, cols = 0;
      if (windowSize(rows, cols))
        writeWhole(ctl, seqName(id, "win", seq++), std::to_string(rows) + " " + std::to_string(cols) + "\n");
    }
    pollfd p{stdinOpen ? STDIN_FILENO : -1, POLLIN, 0};
    if (::poll(&p, 1, 20) > 0 && (p.revents & (POLLIN | POLLHUP))) {
      char buf[4096];
      const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
      if (n > 0) writeWhole(ctl, seqName(id, "in", seq++), std::string(buf, static_cast<size_t>(n)));
      else stdinOpen = false;
    }
  }
  std::error_code ec;
  for (const char* ext : {".out", ".err", ".rc"}) fs::remove(ctl / (id + ext), ec);
  return *status;
}

}  // namespace lab::kernel::uml

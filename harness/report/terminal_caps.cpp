#include "harness/report/terminal_caps.h"

#include <sys/ioctl.h>
#include <term.h>  // after the system headers: it defines many short macros
#include <unistd.h>

#include <memory>

namespace harness::report {
namespace {

template <auto Free>
struct CFree {
  template <class T>
  void operator()(T* p) const noexcept {
    Free(p);
  }
};
using Terminal = std::unique_ptr<TERMINAL, CFree<del_curterm>>;

thread_local std::string* gExpanded = nullptr;
int collect(int ch) {
  gExpanded->push_back(static_cast<char>(ch));
  return ch;
}

// A string capability with its padding expanded by tputs; "" when absent.
std::string capability(const char* name) {
  char* s = tigetstr(const_cast<char*>(name));
  if (s == nullptr || s == reinterpret_cast<char*>(-1)) return {};
  std::string out;
  gExpanded = &out;
  tputs(s, 1, collect);
  gExpanded = nullptr;
  return out;
}

}  // namespace

std::optional<TerminalCaps> terminalCaps(int fd) {
  if (!::isatty(fd)) return std::nullopt;
  int err = 0;
  if (setupterm(nullptr, fd, &err) != 0) return std::nullopt;  // no TERM, or no entry for it
  Terminal term(cur_term);  // ours until this returns: the strings are copied out
  TerminalCaps caps;
  caps.cr = capability("cr");
  caps.el = capability("el");
  const int cols = tigetnum(const_cast<char*>("cols"));
  if (cols > 0) caps.cols = cols;
  set_curterm(nullptr);
  if (caps.cr.empty() || caps.el.empty()) return std::nullopt;
  return caps;
}

int terminalWidth(int fd, int fallback) {
  winsize ws{};
  if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return fallback;
}

}  // namespace harness::report

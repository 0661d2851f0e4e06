#pragma once
// What a live status line needs from the terminal, read from its terminfo
// entry (ncurses' libtinfo) rather than hard-coded escape codes: the
// carriage return and clear-to-end-of-line strings, and the width.
#include <optional>
#include <string>

namespace harness::report {

struct TerminalCaps {
  std::string cr;  // to the start of the line
  std::string el;  // clear to the end of the line
  int cols = 80;   // the width when the window does not say
};

// The capabilities of the terminal on `fd` (TERM's terminfo entry); nullopt
// when fd is not a terminal, TERM is unset or unknown, or the entry lacks cr
// or el (TERM=dumb): then no line is redrawn.
std::optional<TerminalCaps> terminalCaps(int fd);
// The window's width now (TIOCGWINSZ), else `fallback`.
int terminalWidth(int fd, int fallback);

}  // namespace harness::report

#pragma once
// Progress on long work (a matrix, release-root builds): the one owner of the
// terminal's status line.
//
// On a terminal (stdout a TTY whose terminfo has cr and el) the line
// "matrix: done 1/3, running 2, failed 0, elapsed 0:42, ETA 1:10" is redrawn
// in place, every second and on each update, and every line printed through
// print() goes above it, so it stays in the scrollback; the line is cleared
// when the owner goes. Elsewhere (CI, a pipe, TERM=dumb, --no-progress, i.e.
// LABRUN_NO_PROGRESS set) print() writes the lines alone, as they would be
// without a status line, and nothing else: no escape code, ever. The line
// has no colour, so NO_COLOR does not turn it off.
//
//   report::ProgressLine bar(stdout, {.what = "matrix", .total = 3});
//   bar.print("[1/3] PASS ...");              // a permanent line
//   bar.update([](auto& c) { ++c.done; });   // redraws (live only)
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "harness/report/progress_counts.h"
#include "harness/report/terminal_caps.h"

namespace harness::report {

// False when LABRUN_NO_PROGRESS is set (labrun's --no-progress sets it).
bool liveProgressAllowed();

class ProgressLine {
 public:
  // Live when `out` is a terminal with the capabilities and live progress is allowed.
  ProgressLine(std::FILE* out, ProgressCounts start);
  // Live with exactly these capabilities, lines only with nullopt (tests);
  // `tick` redraws every second while live.
  ProgressLine(std::FILE* out, ProgressCounts start, std::optional<TerminalCaps> caps, bool tick);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  bool live() const { return caps_.has_value(); }
  // Prints one whole line (a per-event line), above the status line when live.
  void print(const std::string& line);
  // Changes the counts; redraws when live.
  void update(const std::function<void(ProgressCounts&)>& change);
  ProgressCounts counts() const;
  // Clears the status line for good (before an error message, say); print()
  // then writes plain lines. The destructor does this too.
  void stop();

 private:
  void drawLocked();
  void clearLocked();
  void tickLoop();

  std::FILE* out_;
  std::optional<TerminalCaps> caps_;
  ProgressCounts counts_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point lastDone_;  // when counts_.done last grew
  mutable std::mutex m_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread ticker_;
};

}  // namespace harness::report

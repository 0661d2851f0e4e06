#pragma once
// The live progress line's text, from counts alone (pure; unit-tested):
//   "matrix: done 1/3, running 2, failed 0, elapsed 0:42, ETA 1:10"
//   "release roots: done 0/2, running bullseye-libreswan, elapsed 0:12"
// The ETA is the mean time of the items finished so far times the rounds
// the remaining ones need on the workers, less the time since the last one
// finished; none before the first finishes.
#include <optional>
#include <string>

namespace harness::report {

struct ProgressCounts {
  std::string what = "matrix";  // the line's label
  int done = 0;
  int total = 0;
  int running = 0;
  std::optional<int> failed;     // shown when counted
  std::string current;           // what runs now, shown instead of the running count when set
  int workers = 1;               // items that run at once
  bool showEta = true;           // off where item times vary too much to mean anything (cached roots: 0 s)
  double finishedSeconds = 0;    // the finished items' own durations, summed
  double elapsedSeconds = 0;     // wall time since the work started
  double sinceLastDoneSeconds = 0;  // wall time since the last item finished (the ETA counts down)
};

// "0:07", "12:05", "1:02:03" (whole seconds, rounded down).
std::string formatClock(double seconds);
// Seconds left: nullopt before the first item finishes or once all did.
std::optional<double> etaSeconds(const ProgressCounts& c);
// The line itself, plain ASCII, no escape codes.
std::string formatProgress(const ProgressCounts& c);

}  // namespace harness::report

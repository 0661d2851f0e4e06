#pragma once
// `labrun matrix`'s live progress line (report/progress_line.h) while its
// cases run: "matrix: done 1/3, running 2, failed 0, elapsed 0:42, ETA 1:10"
// on a terminal, above which every progress line (each case's result line,
// release-root builds) is printed, so the failures stay in the scrollback.
// Without a terminal nothing changes: one line per event.
#include <optional>

#include "harness/matrix/scheduler.h"
#include "harness/report/progress_line.h"
#include "harness/run/progress.h"

namespace harness::matrix {

class MatrixProgress {
 public:
  MatrixProgress(int total, int workers);
  // Counts what `so` reports: its onDone (which still prints the case's
  // line) and the number of cases running.
  void attach(SchedulerOptions& so);

 private:
  report::ProgressLine line_;
  std::optional<run::ProgressSink> sink_;  // while live: progress lines go above the status line
};

}  // namespace harness::matrix

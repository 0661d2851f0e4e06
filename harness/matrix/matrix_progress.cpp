#include "harness/matrix/matrix_progress.h"

#include <algorithm>
#include <cstdio>

namespace harness::matrix {

MatrixProgress::MatrixProgress(int total, int workers)
    : line_(stdout, report::ProgressCounts{.what = "matrix", .total = total, .failed = 0, .workers = workers}) {
  if (line_.live()) sink_.emplace([this](const std::string& l) { line_.print(l); });
}

void MatrixProgress::attach(SchedulerOptions& so) {
  so.onDone = [this, printed = so.onDone](const CaseOutcome& o, int done, int total) {
    const bool failed = o.status == CaseStatus::Fail || o.status == CaseStatus::Error || o.status == CaseStatus::Timeout;
    line_.update([&](report::ProgressCounts& c) {
      c.done = done;
      c.total = total;
      c.running = std::max(0, c.running - 1);
      c.finishedSeconds += o.seconds;
      if (failed) c.failed = c.failed.value_or(0) + 1;
    });
    if (printed) printed(o, done, total);
  };
  so.onRunning = [this](int running) {
    if (running != line_.counts().running) line_.update([&](report::ProgressCounts& c) { c.running = running; });
  };
}

}  // namespace harness::matrix

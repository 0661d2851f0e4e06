#pragma once
// What a person watching the terminal sees: progress lines while a scenario
// runs, then a table of every check and a summary. Colour is the caller's
// decision (typically isatty(STDOUT_FILENO) and no NO_COLOR).
#include <ostream>
#include <string>
#include <string_view>

#include "harness/report/result.h"

namespace harness::report {

// "340ms", "2.4s", "1m05s", "1h02m"; "-" for a negative or non-finite value.
std::string formatDuration(double s);

// Progress: "==> <scenario> on the <kernel> kernel (<why>)".
void printRunStart(std::ostream& os, std::string_view scenario, std::string_view kernel,
                   std::string_view why);
// Progress: "--- stage: <name>".
void printStage(std::ostream& os, std::string_view stage);
// Progress: "    PASS  <check>  (0.4s)", details indented below unless it passed.
void printCheck(std::ostream& os, const CheckResult& c, bool color);

// The final table: stage | check | verdict | time, failure details indented
// under their row, then the summary line alone ("N passed, M failed", with
// ", E errors" and ", K skipped" only when non-zero), the run error if any,
// the kernel backend and why, the phase times and the artifacts directory.
void printTable(std::ostream& os, const RunResult& r, bool color);

// "N passed, M failed[, E errors][, K skipped]".
std::string summaryLine(const RunResult& r);

}  // namespace harness::report

#pragma once
// What one matrix case came to: its status (pass, fail, timeout, ...), the
// scenario run's RunResult, and the per-stage cells of the matrix table.
#include <string>
#include <vector>

#include "harness/matrix/matrix_case.h"
#include "harness/report/result.h"

namespace harness::matrix {

enum class CaseStatus { Pass, Fail, Error, Timeout, Unsupported, Interrupted, NotRun };
const char* statusName(CaseStatus s);  // "pass", "fail", "error", "timeout", "unsupported", ...
CaseStatus statusFromName(const std::string& name);  // throws std::invalid_argument

struct CaseOutcome {
  MatrixCase c;
  CaseStatus status = CaseStatus::NotRun;
  std::string note;    // unsupported reason, timeout bound, stale-entry note
  double seconds = 0;  // wall time of the case (inside its worker)
  int worker = -1;
  RunResult result;
};

// Judges a finished case: timeout, the run's exit code, the known-unsupported table.
CaseOutcome judgeCase(const MatrixCase& c, const RunResult& r, bool timedOut, double seconds,
                      int caseTimeoutSec);

// One table cell: a stage of a case.
struct StageCell {
  std::string verdict;  // "PASS", "FAIL", "SKIP", "TIMEOUT", "ERROR", "UNSUP", "INTR", "-"
  std::string outcome;  // first IKE outcome seen in a failing check: "auth-failed@B"
  double seconds = 0;   // the stage's checks, summed
};
StageCell stageCell(const CaseOutcome& o, const std::string& stage);

// "outcome <name> at <host> (...)" in a check's detail -> "<name>@<host>".
std::string firstOutcome(const std::string& detail);

// 0 all passed (unsupported included), 1 any fail or timeout, 3 any
// environment error (and no failure), 130 interrupted.
int matrixExitCode(const std::vector<CaseOutcome>& cases);

}  // namespace harness::matrix

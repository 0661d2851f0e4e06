#pragma once
// The matrix run directory, shared by labrun on the host and its workers
// (UML guests see it through hostfs, host workers directly):
//   plan.json              the cases, in claim order, with lab name and artifacts dir
//   queue/<index>          an unclaimed case
//   claimed/<index>.w<k>   claimed by worker k (rename is atomic: one winner)
//   results/<index>.json   a finished case, written atomically by its worker
//   w<k>/                  worker k's own run directory (UML: uml_dir, state tmpfs)
// Workers pull cases until the queue is empty, so a slow case does not hold
// up a whole pre-assigned slice.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/matrix/matrix_case.h"
#include "harness/report/result.h"

namespace harness::matrix {

struct PlannedCase {
  MatrixCase c;
  std::string lab;                  // unique per case: <prefix><index>
  std::filesystem::path artifacts;  // <artifacts>/<case-id>
};

struct Plan {
  std::vector<PlannedCase> cases;   // claim order: longest expected first
  int caseTimeoutSec = 120;
  bool capture = true;
  std::string kernel;               // "host" | "uml"
  std::string kernelWhy;
  // Where the starting labrun keeps release roots: a worker (whose HOME is
  // its own directory, maybe inside a UML guest) looks them up there.
  std::string rootsDir;
};

void writePlan(const std::filesystem::path& dir, const Plan& plan);
Plan readPlan(const std::filesystem::path& dir);

// Creates queue/, claimed/, results/ and one queue entry per planned case.
void fillQueue(const std::filesystem::path& dir, const Plan& plan);
bool queueEmpty(const std::filesystem::path& dir);
// The next case in plan order this worker won, if any is left.
std::optional<PlannedCase> claimNext(const std::filesystem::path& dir, const Plan& plan, int worker);

struct Claim {
  int index = 0;
  int worker = 0;
};
std::vector<Claim> claims(const std::filesystem::path& dir);

struct CaseResultFile {
  int index = 0;
  int worker = 0;
  bool timedOut = false;
  double seconds = 0;
  RunResult result;
};
void writeCaseResult(const std::filesystem::path& dir, const CaseResultFile& r);
// Absent or unreadable (a worker killed mid-write cannot leave a torn file:
// writes are atomic) -> nullopt.
std::optional<CaseResultFile> readCaseResult(const std::filesystem::path& dir, int index);

std::filesystem::path workerDir(const std::filesystem::path& dir, int worker);
// The run's host key entries (lab/ike/host_keys.h), shared by its cases:
// each case's daemons copy theirs into their own state.
std::filesystem::path keysDir(const std::filesystem::path& dir);

}  // namespace harness::matrix

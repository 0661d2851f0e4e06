#include "harness/matrix/case_outcome.h"

#include <regex>
#include <stdexcept>

#include "harness/matrix/known_unsupported.h"
#include "lab/sys/error.h"

namespace harness::matrix {
namespace {

constexpr std::pair<CaseStatus, const char*> kNames[] = {
    {CaseStatus::Pass, "pass"},       {CaseStatus::Fail, "fail"},
    {CaseStatus::Error, "error"},     {CaseStatus::Timeout, "timeout"},
    {CaseStatus::Unsupported, "unsupported"}, {CaseStatus::Interrupted, "interrupted"},
    {CaseStatus::NotRun, "not-run"},
};

}  // namespace

const char* statusName(CaseStatus s) {
  for (const auto& [k, n] : kNames)
    if (k == s) return n;
  return "?";
}

CaseStatus statusFromName(const std::string& name) {
  for (const auto& [k, n] : kNames)
    if (name == n) return k;
  throw std::invalid_argument("unknown case status '" + name + "'");
}

CaseOutcome judgeCase(const MatrixCase& c, const RunResult& r, bool timedOut, double seconds,
                      int caseTimeoutSec) {
  CaseOutcome o;
  o.c = c;
  o.result = r;
  o.seconds = seconds;
  if (timedOut) {
    o.status = CaseStatus::Timeout;
    o.note = "exceeded its time bound of " + std::to_string(caseTimeoutSec) + " s; stopped and cleaned up";
  } else if (r.exitCode == lab::sys::kExitPass) {
    o.status = CaseStatus::Pass;
  } else if (r.exitCode == lab::sys::kExitCheckFailed) {
    o.status = CaseStatus::Fail;
  } else if (r.exitCode == lab::sys::kExitInterrupted) {
    o.status = CaseStatus::Interrupted;
  } else {
    o.status = CaseStatus::Error;
    o.note = r.error;
  }
  if (auto u = knownUnsupported(c, r.daemons)) {
    const std::string keyed = u->versionsText().empty() ? "" : " for " + u->versionsText();
    if (o.status == CaseStatus::Fail || o.status == CaseStatus::Timeout) {
      o.status = CaseStatus::Unsupported;
      o.note = u->reason;
    } else if (o.status == CaseStatus::Pass) {
      std::string ran;
      for (const auto& d : r.daemons) ran += (ran.empty() ? "" : ", ") + d.implementation + " " + d.version;
      o.note = "listed as unsupported" + keyed + " (" + u->reason + ") but passed" +
               (ran.empty() ? "" : " with " + ran) + ": the entry is stale";
    }
  }
  return o;
}

std::string firstOutcome(const std::string& detail) {
  static const std::regex re(R"(outcome (\S+) at (\S+))");
  std::smatch m;
  if (std::regex_search(detail, m, re)) return m[1].str() + "@" + m[2].str();
  return {};
}

StageCell stageCell(const CaseOutcome& o, const std::string& stage) {
  StageCell cell;
  bool any = false, fail = false, allSkip = true;
  for (const auto& ch : o.result.checks) {
    if (ch.stage != stage) continue;
    any = true;
    cell.seconds += ch.seconds;
    if (ch.verdict == Verdict::Fail || ch.verdict == Verdict::Error) {
      fail = true;
      if (cell.outcome.empty()) cell.outcome = firstOutcome(ch.detail);
    }
    if (ch.verdict != Verdict::Skip) allSkip = false;
  }
  switch (o.status) {
    case CaseStatus::Timeout: cell.verdict = "TIMEOUT"; return cell;
    case CaseStatus::Interrupted: cell.verdict = any ? (fail ? "FAIL" : "PASS") : "INTR"; return cell;
    case CaseStatus::NotRun: cell.verdict = "-"; return cell;
    case CaseStatus::Unsupported:
      cell.verdict = !o.c.notApplicable.empty() ? "N/A" : fail || !any ? "UNSUP" : "PASS";
      return cell;
    default: break;
  }
  if (!any) cell.verdict = o.status == CaseStatus::Error ? "ERROR" : "-";
  else if (fail) cell.verdict = "FAIL";
  else if (allSkip) cell.verdict = "SKIP";
  else cell.verdict = "PASS";
  return cell;
}

int matrixExitCode(const std::vector<CaseOutcome>& cases) {
  bool fail = false, error = false;
  for (const auto& o : cases) {
    switch (o.status) {
      case CaseStatus::Interrupted: return lab::sys::kExitInterrupted;
      case CaseStatus::Fail:
      case CaseStatus::Timeout: fail = true; break;
      case CaseStatus::Error:
      case CaseStatus::NotRun: error = true; break;
      default: break;
    }
  }
  if (fail) return lab::sys::kExitCheckFailed;
  return error ? lab::sys::kExitEnvironment : lab::sys::kExitPass;
}

}  // namespace harness::matrix

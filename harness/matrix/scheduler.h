#pragma once
// Host side of `labrun matrix`: starts N workers over one matrix run
// directory (work_queue.h) — each a job of the run's kernel backend that runs
// many cases (a UML guest pays its boot once per worker) — reports cases
// as they finish, and stops a worker whose case outlives its deadline plus a
// grace period (the case is reported as timed out, the worker restarted for
// what is left). On Ctrl-C every worker is stopped and every case's
// namespaces swept before it returns.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "harness/matrix/case_outcome.h"
#include "harness/matrix/work_queue.h"
#include "lab/kernel/backend.h"

namespace harness::matrix {

struct SchedulerOptions {
  std::filesystem::path matrixDir;   // holds plan.json (written by the caller)
  std::filesystem::path self;        // the labrun binary
  std::filesystem::path logDir;      // worker logs: <logDir>/w<k>.log
  int jobs = 1;
  const lab::kernel::KernelBackend* backend = nullptr;  // where the workers run
  std::string umlMemory = "256M";
  int graceSec = 30;                 // beyond the case deadline before the worker is killed
  std::function<void(const CaseOutcome&, int done, int total)> onDone;
  std::function<void(int running)> onRunning;  // cases claimed and not finished, at each poll
};

// Outcomes of every planned case, sorted by id: finished ones judged,
// the rest Interrupted (claimed when interrupted) or NotRun.
std::vector<CaseOutcome> runScheduled(const Plan& plan, const SchedulerOptions& options);

}  // namespace harness::matrix

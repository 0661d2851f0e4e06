#include "harness/matrix/worker.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include "harness/scenario/overrides.h"
#include "harness/matrix/work_queue.h"
#include "harness/report/html/html_page.h"
#include "harness/report/html/report_view_of.h"
#include "harness/run/progress.h"
#include "harness/run/runner.h"
#include "harness/scenario/parser.h"
#include "lab/core/clean.h"
#include "lab/sys/error.h"
#include "lab/sys/interrupt.h"

namespace harness::matrix {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// The case's own report page, which the matrix's HTML grid links to.
void writeCasePage(const ScenarioSpec& spec, const RunResult& r, const fs::path& artifacts) {
  try {
    report::html::writeHtmlReport(report::html::reportViewOf(spec, r), r, artifacts / "index.html");
  } catch (const std::exception& e) {
    run::progress("    warning: no index.html for this case: " + std::string(e.what()));
  }
}

RunResult runCase(const PlannedCase& p, const Plan& plan, const fs::path& caseDir, const WorkerOptions& wo) {
  RunResult r;
  r.scenario = p.c.scenario;
  r.lab = p.lab;
  r.artifactsDir = p.artifacts.string();
  try {
    ScenarioSpec spec = scenario::loadScenario(p.c.file, {p.lab});
    p.c.applyTo(spec);
    std::error_code ec;
    fs::remove_all(p.artifacts, ec);
    fs::create_directories(p.artifacts);
    fs::create_directories(caseDir);
    fs::permissions(caseDir, fs::perms::owner_all);
    run::RunnerOptions o;
    o.runDir = caseDir;
    o.artifactsDir = p.artifacts;
    o.kernel = plan.kernel;
    o.keysDir = keysDir(wo.matrixDir);  // made once for the whole run by labrun matrix
    o.keysMadeElsewhere = true;
    o.kernelWhy = plan.kernelWhy;
    o.capture = plan.capture;
    ::alarm(static_cast<unsigned>(plan.caseTimeoutSec));
    r = run::runHere(spec, o);
    ::alarm(0);
    writeCasePage(spec, r, p.artifacts);
  } catch (const std::exception& e) {
    ::alarm(0);
    r.error = std::string("case setup failed: ") + e.what();
    r.exitCode = lab::sys::kExitEnvironment;
  }
  return r;
}

}  // namespace

int runWorker(const WorkerOptions& wo) {
  const Plan plan = readPlan(wo.matrixDir);
  if (!plan.rootsDir.empty()) ::setenv("LABRUN_ROOTS", plan.rootsDir.c_str(), 1);
  // Case state under the job's <own>/state: on a local filesystem (a UML
  // guest's init mounts a tmpfs there) for daemon sockets and NSS databases.
  const fs::path caseBase = workerDir(wo.matrixDir, wo.worker) / "state";
  const std::string tag = "w" + std::to_string(wo.worker);
  while (!lab::sys::interrupted()) {
    auto p = claimNext(wo.matrixDir, plan, wo.worker);
    if (!p) break;
    run::progress("matrix " + tag + " start " + std::to_string(p->c.index) + " " + p->c.id + " (lab " + p->lab + ")");
    const auto t0 = Clock::now();
    const fs::path caseDir = caseBase / p->lab;
    CaseResultFile out;
    out.index = p->c.index;
    out.worker = wo.worker;
    out.result = runCase(*p, plan, caseDir, wo);
    out.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    if (lab::sys::interruptSignal() == SIGALRM) {
      out.timedOut = true;
      lab::sys::requestInterrupt(0);  // the deadline was this case's only
    }
    if (out.timedOut || !out.result.error.empty()) {
      // Teardown steps interrupted by the deadline may have been skipped:
      // remove whatever is left of this case by name.
      if (::geteuid() == 0) lab::core::cleanLeftovers(p->lab);
    }
    std::error_code ec;
    fs::remove_all(caseDir, ec);
    writeCaseResult(wo.matrixDir, out);
    run::progress("matrix " + tag + " done " + std::to_string(p->c.index) + " " + p->c.id + " exit " +
                  std::to_string(out.result.exitCode) + (out.timedOut ? " (timeout)" : ""));
  }
  return lab::sys::interrupted() ? lab::sys::kExitInterrupted : lab::sys::kExitPass;
}

}  // namespace harness::matrix

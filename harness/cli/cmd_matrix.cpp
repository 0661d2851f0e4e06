// labrun matrix: expand the case list, pick one kernel backend for all of
// it, run it on N workers (harness/matrix/scheduler.h), print the table and
// write one JSON, JUnit and Markdown file for the whole run.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "harness/cli/backend_choice.h"
#include "harness/cli/commands.h"
#include "harness/cli/fail.h"
#include "harness/matrix/matrix_diagrams.h"
#include "harness/matrix/matrix_html.h"
#include "harness/matrix/matrix_progress.h"
#include "harness/matrix/matrix_table.h"
#include "harness/matrix/scheduler.h"
#include "harness/matrix/worker.h"
#include "harness/report/atomic_file.h"
#include "harness/report/console_report.h"
#include "harness/report/junit_report.h"
#include "harness/run/ike_hosts.h"
#include "harness/run/releases.h"
#include "harness/scenario/locator.h"
#include "harness/scenario/overrides.h"
#include "harness/run/progress.h"
#include "harness/scenario/names.h"
#include "harness/scenario/parser.h"
#include "lab/core/run_dir.h"
#include "lab/kernel/uml/uml_guest.h"
#include "lab/release/release_root.h"
#include "lab/sys/error.h"
#include "lab/sys/interrupt.h"

namespace harness::cli {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

using scenario::UsageError;

std::vector<ScenarioSpec> loadScenarios(const std::vector<std::string>& names) {
  std::vector<fs::path> files;
  if (names.empty()) files = scenario::shippedScenarios();
  for (const auto& n : names) files.push_back(scenario::resolveScenario(n));
  std::vector<ScenarioSpec> specs;
  for (const auto& f : files) {
    try {
      specs.push_back(scenario::loadScenario(f));
    } catch (const scenario::ScenarioParseError& e) {
      throw UsageError(std::string(e.what()) + "\n" + f.string() + ": " + std::to_string(e.errors.size()) + " error(s)");
    }
  }
  return specs;
}

// A backend's place in auto's order of preference.
std::size_t rank(const lab::kernel::KernelBackend& b) {
  const auto all = lab::kernel::backends();
  return static_cast<std::size_t>(std::find(all.begin(), all.end(), &b) - all.begin());
}

// One backend for the whole run: the least preferred any scenario needs
// (host only when it can run every case).
BackendChoice chooseForAll(const std::vector<ScenarioSpec>& specs, const std::vector<matrix::MatrixCase>& cases,
                           const std::string& requested) {
  BackendChoice all;
  for (const auto& spec : specs) {
    if (std::none_of(cases.begin(), cases.end(), [&](const auto& c) { return c.scenario == spec.name; })) continue;
    auto ch = chooseBackend(spec, requested);
    if (!ch.backend) return ch;
    if (!all.backend || rank(*ch.backend) > rank(*all.backend)) all = ch;
  }
  return all;
}

// Longest expected first, so that the last case to start is a short one.
std::vector<matrix::PlannedCase> claimOrder(const std::vector<matrix::MatrixCase>& cases, const std::string& prefix,
                                            const fs::path& artifacts) {
  std::vector<matrix::PlannedCase> plan;
  for (const auto& c : cases) plan.push_back({c, prefix + std::to_string(c.index), artifacts / c.id});
  auto cost = [](const matrix::MatrixCase& c) {
    return static_cast<int>(c.stages.size()) * (c.hasIke() ? 10 : 1) + (c.auth == "rsa" ? 1 : 0);
  };
  std::stable_sort(plan.begin(), plan.end(), [&](const auto& a, const auto& b) { return cost(a.c) > cost(b.c); });
  return plan;
}

// Every key entry any planned case uses, made once for the run.
std::vector<lab::ike::KeyEntryRequest> keyRequestsOf(const std::vector<ScenarioSpec>& specs,
                                                     const std::vector<matrix::PlannedCase>& plan) {
  std::vector<lab::ike::KeyEntryRequest> out;
  for (const auto& p : plan)
    for (const auto& spec : specs) {
      if (spec.name != p.c.scenario) continue;
      ScenarioSpec s = spec;
      p.c.applyTo(s);
      for (const auto& r : run::keyRequests(s)) lab::ike::addRequest(out, r);
    }
  return out;
}

// Every release root a planned case runs from, built (or found) here, on
// the machine with the network, before any worker starts: a worker in a
// UML guest only looks roots up. Each root is built once, under its lock.
void ensureRootsOf(const std::vector<ScenarioSpec>& specs, const std::vector<matrix::PlannedCase>& plan) {
  std::set<std::string> done;  // release assignment per scenario
  for (const auto& p : plan) {
    if (!done.insert(p.c.scenario + "/" + p.c.pairing + "/" + p.c.releases).second) continue;
    for (const auto& spec : specs) {
      if (spec.name != p.c.scenario) continue;
      ScenarioSpec s = spec;
      p.c.applyTo(s);
      run::ensureReleaseRoots(s, [](const std::string& line) { run::progress(line); });
    }
  }
}

void printDone(const matrix::CaseOutcome& o, int done, int total) {
  std::ostringstream line;
  const int w = static_cast<int>(std::to_string(total).size());
  std::string verdict = matrix::statusName(o.status);
  std::transform(verdict.begin(), verdict.end(), verdict.begin(), ::toupper);
  line << "[" << std::setw(w) << done << "/" << total << "] " << std::left << std::setw(12) << verdict << o.c.id << "  "
       << report::formatDuration(o.seconds) << "  (w" << o.worker << ")";
  for (const auto& ch : o.result.checks)
    if (ch.verdict == Verdict::Fail || ch.verdict == Verdict::Error) {
      if (auto oc = matrix::firstOutcome(ch.detail); !oc.empty()) {
        line << "  outcome " << oc;
        break;
      }
    }
  if (!o.note.empty()) line << "  — " << o.note;
  else if (!o.result.error.empty()) line << "  — " << o.result.error.substr(0, o.result.error.find('\n'));
  run::progress(line.str());
}

void writeOutputs(const matrix::MatrixReport& m, const MatrixArgs& a, const std::vector<ScenarioSpec>& specs) {
  const bool color = ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
  std::cout << '\n';
  matrix::printMatrixTable(std::cout, m, color);
  if (!a.json.empty()) matrix::writeMatrixJson(m, a.json);
  if (!a.junit.empty()) report::writeJunit(matrix::junitRuns(m), a.junit);
  if (!a.html.empty()) matrix::writeMatrixHtml(m, a.html);
  if (!a.markdown.empty()) report::writeFileAtomically(a.markdown, matrix::markdownReport(m, specs));
}

}  // namespace

int cmdMatrix(const MatrixArgs& a) {
  lab::sys::installInterruptHandlers();
  if (!a.worker.empty()) {
    run::setGuestMode(lab::kernel::uml::insideGuest());
    return matrix::runWorker({a.worker, a.workerId});
  }

  std::vector<ScenarioSpec> specs;
  std::vector<matrix::MatrixCase> all, mine;
  matrix::Shard shard;
  try {
    if (auto p = scenario::labNameProblem(a.labPrefix + "9999"); !p.empty())
      throw UsageError("--lab-prefix: " + p);
    specs = loadScenarios(a.scenarios);
    all = matrix::expandCases(specs, {a.ike, a.ikev, a.auth, a.releases});
    if (!a.shard.empty()) shard = matrix::parseShard(a.shard);
    mine = matrix::shardOf(all, shard);
  } catch (const UsageError& e) {
    std::cerr << "labrun: " << e.what() << '\n';
    return lab::sys::kExitBadInput;
  }
  if (a.list) {
    for (const auto& c : mine) std::cout << c.id << '\n';
    return lab::sys::kExitPass;
  }
  const int jobs = a.jobs > 0 ? a.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  matrix::MatrixReport m;
  m.shard = shard.str();
  m.total = static_cast<int>(all.size());
  m.jobs = jobs;
  // Combinations a scenario rules out (its own conns fix the daemon or the
  // authentication) are reported as unsupported without running.
  std::vector<matrix::CaseOutcome> ruledOut;
  std::vector<matrix::MatrixCase> runnable;
  for (const auto& c : mine) {
    if (c.notApplicable.empty()) {
      runnable.push_back(c);
      continue;
    }
    matrix::CaseOutcome o;
    o.c = c;
    o.status = matrix::CaseStatus::Unsupported;
    o.note = "not run: " + c.notApplicable;
    o.result.scenario = c.scenario;
    ruledOut.push_back(o);
  }
  auto withRuledOut = [&](std::vector<matrix::CaseOutcome> cases) {
    cases.insert(cases.end(), ruledOut.begin(), ruledOut.end());
    std::sort(cases.begin(), cases.end(), [](const auto& x, const auto& y) { return x.c.id < y.c.id; });
    return cases;
  };
  if (runnable.empty()) {
    m.cases = withRuledOut({});
    run::progress(mine.empty() ? "==> matrix shard " + shard.str() + ": no case in this slice of " + std::to_string(all.size())
                               : "==> matrix: nothing to run: every case is ruled out by its scenario's own conns");
    writeOutputs(m, a, specs);
    return lab::sys::kExitPass;
  }

  auto choice = chooseForAll(specs, runnable, a.kernel);
  if (!choice.backend) {
    std::cerr << "labrun: " << choice.error << '\n';
    return lab::sys::kExitEnvironment;
  }
  m.kernel = choice.backend->name();
  m.jobs = std::min(jobs, static_cast<int>(runnable.size()));  // workers actually started
  const auto start = Clock::now();
  try {
    auto rd = lab::core::RunDir::create(a.labPrefix);
    const fs::path artifacts = fs::absolute(a.artifacts.empty() ? lab::core::runBase() / "artifacts" / a.labPrefix
                                                                : fs::path(a.artifacts));
    std::error_code ec;
    fs::remove_all(artifacts, ec);
    fs::create_directories(artifacts);

    matrix::Plan plan;
    plan.cases = claimOrder(runnable, a.labPrefix, artifacts);
    plan.caseTimeoutSec = a.caseTimeoutSec;
    plan.capture = !a.noCapture;
    plan.kernel = choice.backend->name();
    plan.kernelWhy = choice.why;
    plan.rootsDir = fs::absolute(lab::release::rootsDir()).string();
    matrix::writePlan(rd.path(), plan);
    matrix::fillQueue(rd.path(), plan);

    run::progress("==> matrix: " + std::to_string(runnable.size()) + " case(s)" +
                  (shard.count > 1 ? " (shard " + shard.str() + " of " + std::to_string(all.size()) + ")" : "") +
                  " on " + std::to_string(std::min<std::size_t>(jobs, runnable.size())) + " worker(s), " +
                  std::string(choice.backend->name()) + " kernel: " + choice.why);
    if (!ruledOut.empty())
      run::progress("    " + std::to_string(ruledOut.size()) +
                    " more not run: their scenario's own conns rule them out (listed as unsupported, with why)");
    run::progress("    artifacts: " + artifacts.string() + " (worker logs in _workers/)");
    matrix::SchedulerOptions so;
    so.matrixDir = rd.path();
    so.self = fs::read_symlink("/proc/self/exe");
    so.logDir = artifacts / "_workers";
    so.jobs = jobs;
    so.backend = choice.backend;
    so.onDone = printDone;
    matrix::MatrixProgress shown(static_cast<int>(plan.cases.size()), m.jobs);  // a live line on a terminal
    shown.attach(so);
    ensureRootsOf(specs, plan.cases);
    // Made at native speed while the workers boot; cases wait for theirs.
    const lab::ike::HostKeys keys(matrix::keysDir(rd.path()));
    auto making = keys.makeInBackground(keyRequestsOf(specs, plan.cases));  // cases await theirs
    m.cases = withRuledOut(matrix::runScheduled(plan, so));
  } catch (const std::exception& e) {
    return failEnvironment(e);
  }
  m.wallSeconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (lab::sys::interrupted()) {
    std::cout << "\nlabrun: interrupted; every worker stopped and every lab removed\n";
    writeOutputs(m, a, specs);
    return lab::sys::kExitInterrupted;
  }
  writeOutputs(m, a, specs);
  return matrix::matrixExitCode(m.cases);
}

}  // namespace harness::cli

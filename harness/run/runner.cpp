#include "harness/run/runner.h"

#include <chrono>

#include "harness/run/progress.h"
#include "harness/run/stage_runner.h"
#include "lab/core/lab.h"
#include "lab/kernel/host/host_probe.h"
#include "lab/sys/error.h"
#include "lab/sys/interrupt.h"

namespace harness::run {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

lab::kernel::FeatureNeeds needsOf(const ScenarioSpec& spec) {
  lab::kernel::FeatureNeeds n;
  n.gre = spec.topology.needsGre();
  n.nat = spec.topology.needsNat();
  return n;
}

}  // namespace

RunResult runHere(const ScenarioSpec& spec, const RunnerOptions& o) {
  RunResult r;
  r.scenario = spec.name;
  r.lab = spec.topology.lab;
  r.kernel = o.kernel;
  r.kernelWhy = o.kernelWhy;
  r.artifactsDir = o.artifactsDir.string();

  auto probe = lab::kernel::host::probe(needsOf(spec));
  if (!probe.ok()) {
    r.error = "the " + o.kernel + " kernel cannot run this scenario: missing " + probe.describe();
    r.exitCode = lab::sys::kExitEnvironment;
    return r;
  }

  lab::core::LabOptions lo;
  lo.runDir = o.runDir;
  lo.log = [](const std::string& line) { progress("    " + line); };
  lab::core::Lab lab(spec.topology, lo);
  try {
    auto t = Clock::now();
    progress("--- build: lab " + spec.topology.lab);
    lab.build();
    r.times.build = since(t);
    progress("    built in " + std::to_string(static_cast<int>(r.times.build * 1000)) + " ms (NAT via " +
             (lab.natBackend().empty() ? std::string("-") : lab.natBackend()) + ")");

    t = Clock::now();
    for (const auto& stage : spec.stages) {
      lab::sys::throwIfInterrupted("stage " + stage.name);
      runStage(spec, stage, lab, o.artifactsDir, r.checks);
    }
    r.times.checks = since(t);
  } catch (const lab::sys::Interrupted& e) {
    r.error = e.what();
    r.exitCode = lab::sys::kExitInterrupted;
  } catch (const lab::sys::EnvironmentError& e) {
    r.error = std::string(e.what()) + " (" + e.remedy() + ")";
    r.exitCode = lab::sys::kExitEnvironment;
  } catch (const std::exception& e) {
    r.error = std::string("lab error: ") + e.what();
    r.exitCode = lab::sys::kExitEnvironment;
  }

  if (o.keep && r.error.empty()) {
    progress("--- keep: lab " + spec.topology.lab + " left running (labrun clean removes it)");
    lab.release();
  } else {
    auto t = Clock::now();
    lab.teardown();
    r.times.teardown = since(t);
  }
  if (r.error.empty()) {
    bool allPass = true;
    for (const auto& c : r.checks) allPass = allPass && c.verdict == Verdict::Pass;
    r.exitCode = allPass ? lab::sys::kExitPass : lab::sys::kExitCheckFailed;
  }
  return r;
}

}  // namespace harness::run

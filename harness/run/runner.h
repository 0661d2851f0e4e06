#pragma once
// Runs a validated scenario on the kernel labrun is running on (the host's,
// or the UML guest's when labrun is the guest's init): probe, build the lab,
// run each stage's checks with captures on every link, tear down.
#include <filesystem>
#include <string>

#include "harness/report/result.h"
#include "harness/scenario/scenario_spec.h"

namespace harness::run {

struct RunnerOptions {
  std::filesystem::path runDir;
  std::filesystem::path artifactsDir;
  std::string kernel = "host";  // label for the report
  std::string kernelWhy;
  bool keep = false;            // leave the lab running (host backend)
  bool capture = true;          // false: no pcaps; wire checks are skipped (benchmarks)
};

// Never throws for check failures, environment limits or interrupts: they
// end up in RunResult (error, exitCode). Everything built is torn down
// before it returns (unless keep).
RunResult runHere(const ScenarioSpec& spec, const RunnerOptions& options);

}  // namespace harness::run

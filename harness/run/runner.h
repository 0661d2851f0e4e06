#pragma once
// Runs a validated scenario on the kernel labrun is running on (the
// machine's, or a UML guest's when labrun is the guest's init: a kernel
// backend's job): probe this kernel, build the lab, run each stage's checks
// with captures on every link, tear down.
#include <filesystem>
#include <string>

#include "harness/report/result.h"
#include "harness/scenario/scenario_spec.h"
#include "lab/kernel/features.h"

namespace harness::run {

struct RunnerOptions {
  std::filesystem::path runDir;
  std::filesystem::path artifactsDir;
  std::string kernel;           // the backend that chose this kernel (for the report)
  std::string kernelWhy;
  bool keep = false;            // leave the lab running (host backend)
  bool capture = true;          // false: no pcaps; wire checks are skipped (benchmarks)
  // Host key entries (lab/ike/host_keys.h): default <runDir>/keys, made here
  // while the lab is built, unless keysMadeElsewhere (whoever started the
  // job makes them while it starts: labrun scenario per run, labrun matrix
  // once per run).
  std::filesystem::path keysDir;
  bool keysMadeElsewhere = false;
};

// GRE over IPsec negotiates IKE between the outer addresses: a host kernel
// that lacks only GRE/ESP can still run the daemons and prove the IKE SA
// (the dataplane checks are then skipped and the run ends with exit 3).
bool ikeOnlyPossible(const ScenarioSpec& spec, const lab::kernel::ProbeResult& probe);

// Never throws for check failures, environment limits or interrupts: they
// end up in RunResult (error, exitCode). Everything built is torn down
// before it returns (unless keep).
RunResult runHere(const ScenarioSpec& spec, const RunnerOptions& options);

}  // namespace harness::run

#pragma once
// --kernel NAME|auto: which kernel backend runs a scenario, and why. The
// choice is made here, once; what runs downstream asks the backend.
#include <string>

#include "harness/scenario/scenario_spec.h"
#include "lab/kernel/backend.h"

namespace harness::cli {

struct BackendChoice {
  const lab::kernel::KernelBackend* backend = nullptr;  // null when nothing can run it
  std::string why;    // one line for the report
  std::string error;  // when backend is null: what is missing and what would work
};

BackendChoice chooseBackend(const ScenarioSpec& spec, const std::string& requested);

}  // namespace harness::cli

#pragma once
// --kernel host|uml|auto: which backend runs a scenario, and why.
#include <string>

#include "harness/scenario/scenario_spec.h"

namespace harness::cli {

struct BackendChoice {
  std::string kind;   // "host" or "uml"; empty when nothing can run it
  std::string why;    // one line for the report
  std::string error;  // when kind is empty: what is missing and what would work
};

BackendChoice chooseBackend(const ScenarioSpec& spec, const std::string& requested);

}  // namespace harness::cli

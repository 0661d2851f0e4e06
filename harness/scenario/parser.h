#pragma once
// Scenario YAML -> validated harness::ScenarioSpec. Everything is checked
// here, before any syscall; the rest of labrun trusts the spec. The schema is
// documented in scenarios/README.md.
#include <filesystem>
#include <string>

#include "harness/scenario/scenario_error.h"
#include "harness/scenario/scenario_spec.h"

namespace harness::scenario {

struct LoadOptions {
  std::string labName;  // overrides the lab name (default: the scenario name)
};

// Both throw ScenarioParseError listing every problem found (also for an
// unreadable file, a YAML syntax error or an empty file).
ScenarioSpec loadScenario(const std::filesystem::path& file, const LoadOptions& opts = {});
ScenarioSpec parseScenario(const std::string& yamlText, const std::string& fileName,
                           const LoadOptions& opts = {});

}  // namespace harness::scenario

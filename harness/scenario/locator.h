#pragma once
// Where shipped scenarios live and how a NAME or PATH becomes a file.
#include <filesystem>
#include <string>
#include <vector>

#include "harness/scenario/usage_error.h"

namespace harness::scenario {

// $LABRUN_SCENARIOS_DIR, else the source tree's scenarios/ (compiled in).
std::filesystem::path scenariosDir();
std::vector<std::filesystem::path> shippedScenarios();  // sorted *.yaml
// NAME (shipped) or PATH (contains '/' or ends in .yaml/.yml). Throws
// UsageError listing the shipped names when not found.
std::filesystem::path resolveScenario(const std::string& nameOrPath);

}  // namespace harness::scenario

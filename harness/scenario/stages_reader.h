#pragma once
// Internal to harness/scenario: reads `stages:` and their checks.
#include <vector>

#include "harness/scenario/scenario_spec.h"
#include "harness/scenario/topology_reader.h"
#include "harness/scenario/yaml_reader.h"

namespace harness::scenario {

// f is the top-level `stages` entry (nullptr if missing).
std::vector<StageSpec> readStages(YamlReader& r, const Field* f, const NodeIndex& nodes);

}  // namespace harness::scenario

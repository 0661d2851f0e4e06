#pragma once
// Internal to harness/scenario: reads `stages:` and their checks.
#include <vector>

#include "harness/scenario/scenario_spec.h"
#include "harness/scenario/topology_reader.h"
#include "harness/scenario/yaml_reader.h"

namespace harness::scenario {

// What the stages may refer to besides nodes: the IPsec connection.
struct StageContext {
  const NodeIndex& nodes;
  const IpsecSpec* ipsec = nullptr;  // null: none, or not valid
  bool ipsecDeclared = false;        // an ipsec: section exists (valid or not)
};

// f is the top-level `stages` entry (nullptr if missing).
std::vector<StageSpec> readStages(YamlReader& r, const Field* f, const StageContext& ctx);

}  // namespace harness::scenario

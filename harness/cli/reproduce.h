#pragma once
// `labrun reproduce --host C=ipsec.conf [--host A=...]`: a user's own conns on
// a shipped topology (nat-c by default), in one stage that tries to bring the
// tunnel up and says what happened and why.
#include <string>
#include <vector>

#include "harness/scenario/scenario_spec.h"

namespace harness::cli {

// Replaces spec's stages with one "your config" stage using the given
// HOST=FILE conns. Throws UsageError for a bad argument or file.
struct ReproduceOptions {
  std::string format;             // --format (empty: detected)
  std::vector<std::string> maps;  // --map ADDRESS=HOST
};
void applyReproduce(ScenarioSpec& spec, const std::vector<std::string>& hostFiles, const ReproduceOptions& opts = {});

}  // namespace harness::cli

#pragma once
// One stage: start captures on every link of the lab, run the traffic checks
// (pings), stop the captures, then judge the wire checks on what was seen.
#include <filesystem>
#include <vector>

#include "harness/report/result.h"
#include "harness/scenario/scenario_spec.h"
#include "lab/core/lab.h"

namespace harness::run {

struct StageOptions {
  std::filesystem::path artifactsDir;
  bool capture = true;  // false: no captures, wire checks skipped
};

void runStage(const ScenarioSpec& spec, const StageSpec& stage, const lab::core::Lab& lab,
              const StageOptions& options, std::vector<CheckResult>& out);

// "left is the public address" -> "left-is-the-public-address" (file names).
std::string fileSafe(const std::string& s);

}  // namespace harness::run

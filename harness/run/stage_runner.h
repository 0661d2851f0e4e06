#pragma once
// One stage: start captures on every link of the lab, (re)configure the IKE
// daemons, judge the IKE checks, run the traffic checks (pings), stop the
// captures, then judge the wire checks on what was seen (stage_checks.h).
#include <filesystem>
#include <vector>

#include "harness/capture/esp_crypto.h"
#include "harness/report/result.h"
#include "harness/scenario/scenario_spec.h"
#include "lab/core/lab.h"

namespace harness::run {

class IkeSession;

struct StageOptions {
  std::filesystem::path artifactsDir;
  bool capture = true;          // false: no captures, wire checks skipped
  IkeSession* ike = nullptr;    // the scenario's IPsec daemons, if any
  bool firstStage = true;       // start the daemons (else reconfigure them)
  std::string dataplaneMissing; // host kernel without GRE/ESP: IKE only, traffic skipped
  capture::EspKeyring* keys = nullptr;  // the run's ESP SAs so far (this stage adds its own)
  EspCounts* esp = nullptr;             // the run's ESP packets, by decryption outcome
  std::vector<IkeLadder>* ladders = nullptr;  // each stage's IKE messages, as seen on the wire
  std::vector<LinkStacks>* links = nullptr;   // each stage's links: packets per decoded stack
};

void runStage(const ScenarioSpec& spec, const StageSpec& stage, const lab::core::Lab& lab,
              const StageOptions& options, std::vector<CheckResult>& out);

// "left is the public address" -> "left-is-the-public-address" (file names).
std::string fileSafe(const std::string& s);

}  // namespace harness::run

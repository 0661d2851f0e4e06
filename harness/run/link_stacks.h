#pragma once
// What a stage's capture of one link saw, as counts per decoded header stack
// and outermost addresses (RunResult::links): what the HTML report draws
// per link. Counts only; no payload, no key.
#include <string>

#include "harness/capture/capture.h"
#include "harness/report/result.h"

namespace harness::run {

LinkStacks linkStacks(const std::string& stage, const std::string& node, const capture::Capture& cap);

}  // namespace harness::run

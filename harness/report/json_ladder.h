#pragma once
// A stage's IKE ladder in the result JSON: its lines, and its entries
// (wire messages and daemon outcome lines) for drawings.
#include <string>

#include <nlohmann/json.hpp>

#include "harness/report/result.h"

namespace harness::report {

nlohmann::json ladderToJson(const IkeLadder& l);
// Throws JsonReportError naming the path.
IkeLadder ladderFromJson(const nlohmann::json& j, const std::string& path);

}  // namespace harness::report

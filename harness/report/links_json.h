#pragma once
// RunResult::links <-> JSON ("links": [{"stage", "node", "iface", "pcap",
// "stacks": [{"stack", "from", "to", "count"}]}]), strict like the rest of
// json_report.h: a wrong type or unknown field throws JsonReportError naming
// the JSON path.
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/report/result.h"

namespace harness::report {

nlohmann::json linksToJson(const std::vector<LinkStacks>& links);
std::vector<LinkStacks> linksFromJson(const nlohmann::json& j);  // j: the "links" array

}  // namespace harness::report

#pragma once
// One stage of a run as an HTML section: its verdict and each check's, the
// why/fix text the checks explained, the IKE ladder as a sequence diagram,
// and per captured link the decoded stacks with counts and links to the pcap
// and its decoded summary.
#include <string>

#include "harness/report/html/report_view.h"
#include "harness/report/result.h"

namespace harness::report::html {

// linkBase: the artifacts directory relative to the page ("" = beside it).
std::string stageSection(std::size_t index, const StageView& stage, const ReportView& v, const RunResult& r,
                         const std::string& linkBase);

// "pass" when every check passed (skips aside), else "fail" ("error" if one errored).
std::string stageVerdict(const std::vector<const CheckResult*>& checks);

}  // namespace harness::report::html

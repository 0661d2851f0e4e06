#pragma once
// The lab drawn as SVG: the router on top, each segment a bar with its
// subnet, hosts hanging off their segment with their addresses (and their
// daemon), each 1:1 NAT as a box joining its outside segment to its inside
// one with the public <-> private mappings it makes, and each tunnel and
// IPsec connection as a curve between its two hosts.
#include <string>

#include "harness/report/html/report_view.h"

namespace harness::report::html {

std::string topologySvg(const ReportView& v);

}  // namespace harness::report::html

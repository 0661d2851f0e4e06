#pragma once
// A stage's IKE exchange as an SVG sequence diagram: one lifeline per host
// and per 1:1 NAT (a NAT between the hosts whose traffic crosses it), one
// arrow per message labelled with its exchange, message id and payloads.
// An error notify (N(INVALID_ID_INFORMATION)) makes its arrow red and marked
// (class "msg fail", data-notify); retransmissions are dashed; notes (a
// daemon's outcome line) sit on their host's lifeline.
#include <string>
#include <vector>

#include "harness/report/html/ladder_model.h"
#include "harness/report/html/report_view.h"

namespace harness::report::html {

struct Lifeline {
  std::string name;       // host or NAT name; an unknown address names itself
  std::string detail;     // "1.0.0.4", "1:1 NAT 1.2.3.4 ↔ 10.1.0.1"
  bool nat = false;
  std::vector<std::string> addresses;  // the addresses that mean this lifeline
};

// Hosts and NATs in drawing order: plain hosts, then each NAT followed by
// the hosts behind it (the first NAT's group on the left when there are two).
std::vector<Lifeline> lifelinesOf(const ReportView& v);

std::string ladderSvg(const ReportView& v, const std::vector<LadderEntry>& entries, const std::string& label);

}  // namespace harness::report::html

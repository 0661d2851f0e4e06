#pragma once
// One line of a stage's IKE ladder (ike_ladder.h): plain data, kept in the
// run's result and its reports.
#include <string>
#include <vector>

namespace harness::capture {

struct LadderEntry {
  double time = 0;         // seconds since the epoch (0: the daemon's line had no time stamp)
  bool daemon = false;     // a daemon's outcome line; else an IKE message on the wire
  // A message: its endpoints ("1.2.3.4:4500"), the lab nodes they belong to
  // ("C", "B", "nat-c"; "" when none), and the NAT it crossed, if any.
  std::string from, to, fromNode, toNode, via;
  // A daemon line: the host whose daemon logged it, the outcome its
  // implementation's table read ("notify:INVALID_ID_INFORMATION") and the line.
  std::string host, outcome, logLine;
  // A message: "IKEv1 Main Mode #5 request id 0 [encrypted]";
  // a daemon line: "B (libreswan 4.10) logged notify:INVALID_ID_INFORMATION: ...".
  std::string what;
  std::vector<std::string> notifies;  // notify types in the clear, or the daemon's outcome's
  bool retransmission = false;
};

}  // namespace harness::capture

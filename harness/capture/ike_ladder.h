#pragma once
// The IKE exchange of a stage as a ladder: one entry per IKE message its
// captures saw (UDP 500, UDP 4500 after the non-ESP marker), merged by time
// with the outcome lines the daemons logged. A message seen on several links
// (both ends, either side of a NAT) is one entry, from the link that saw it
// first. Printed one line per entry:
//   +0.012s  1.2.3.4:4500 -> 1.0.0.4:4500  IKEv1 Main Mode #5 request id 0 [encrypted]
//   +1.020s  1.2.3.4:4500 -> 1.0.0.4:4500  IKEv1 Main Mode #5 request id 0 [encrypted] (retransmission)
//   +1.031s  B (libreswan 4.10) logged notify:INVALID_ID_INFORMATION: <what it means>
// IKEv1 messages are numbered within their exchange (Main Mode #1..#6),
// odd from the initiator (request), even from the responder (response).
// Capture time stamps and daemon log time stamps are both the (guest)
// kernel's CLOCK_REALTIME, so one clock orders them.
#include <map>
#include <string>
#include <vector>

#include "harness/capture/decoder.h"
#include "harness/capture/ladder_entry.h"

namespace harness::capture {


// Which lab node an address belongs to, and for a host's public (1:1 NAT)
// address, the NAT in front of it. Keyed by dotted address.
struct AddressBook {
  std::map<std::string, std::string> node;
  std::map<std::string, std::string> natOf;
};

// links: each capture's packets (time-stamped). Empty when no link saw IKE.
std::vector<LadderEntry> wireLadder(const std::vector<std::vector<DecodedPacket>>& links,
                                    const AddressBook& book = {});
// Adds daemon lines in time order (a line without a time stamp goes last).
void mergeDaemonLines(std::vector<LadderEntry>& ladder, std::vector<LadderEntry> daemonLines);
// One line per entry, times relative to the first entry's.
std::vector<std::string> ladderLines(const std::vector<LadderEntry>& ladder);

// The wire alone, as lines.
inline std::vector<std::string> ikeLadder(const std::vector<std::vector<DecodedPacket>>& links) {
  return ladderLines(wireLadder(links));
}

}  // namespace harness::capture

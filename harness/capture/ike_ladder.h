#pragma once
// The IKE exchange of a stage as a ladder, one line per message, from the
// clear IKE messages its captures saw (UDP 500, UDP 4500 after the non-ESP
// marker). A message seen on several links (both ends, either side of a
// NAT) is one line, from the link that saw it first:
//   +0.012s  1.2.3.4:4500 -> 1.0.0.4:4500  IKEv1 Main Mode #5 request id 0 [encrypted]
//   +1.020s  1.2.3.4:4500 -> 1.0.0.4:4500  IKEv1 Main Mode #5 request id 0 [encrypted] (retransmission)
// IKEv1 messages are numbered within their exchange (Main Mode #1..#6),
// odd from the initiator (request), even from the responder (response).
#include <string>
#include <vector>

#include "harness/capture/decoder.h"

namespace harness::capture {

// links: each capture's packets (time-stamped). Times are relative to the
// first IKE message. Empty when no link saw IKE.
std::vector<std::string> ikeLadder(const std::vector<std::vector<DecodedPacket>>& links);

}  // namespace harness::capture

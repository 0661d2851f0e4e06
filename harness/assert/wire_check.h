#pragma once
// Judges a `wire:` check against what one link's capture decoded.
#include <string>
#include <vector>

#include "harness/capture/decoder.h"
#include "harness/scenario/scenario_spec.h"

namespace harness::assert {

struct WireVerdict {
  bool pass = false;
  // On success one line ("shows ip/udp4500/esp: 4 packets; never gre, icmp: none").
  // On failure: what was expected, what was seen as a count per header stack
  // and direction ("  12 × ip/gre/ip/icmp 1.0.0.4 > 1.0.0.5"), the malformed
  // count and the pcap path.
  std::string detail;
};

// Each `shows` pattern must match at least one packet whose outermost IPv4
// source/destination pass the check's from/to filters; each `never` pattern
// must match no packet (also filtered by from/to when they are given).
WireVerdict evaluateWire(const WireCheck& check, const std::vector<capture::DecodedPacket>& packets,
                         const std::string& pcapPath);

// "  12 × ip/gre/ip/icmp 1.0.0.4 > 1.0.0.5" lines, most frequent first, at
// most maxLines (then "  ... N more stacks").
std::string seenTable(const std::vector<capture::DecodedPacket>& packets, std::size_t maxLines = 20);

}  // namespace harness::assert

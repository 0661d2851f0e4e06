#pragma once
// Cross-check of the wire against the kernel: for every ESP SA of a host,
// the packets its XFRM state counted during a stage equal the ESP packets
// with that SPI the stage's captures saw on that host's links.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/capture/decoder.h"
#include "harness/capture/xfrm_counters.h"

namespace harness::assert {

// SPI -> packets, from the kernel's counters.
using XfrmSnapshot = std::map<std::uint32_t, std::uint64_t>;
XfrmSnapshot snapshotOf(const std::vector<capture::XfrmSaCounters>& states);

struct XfrmVerdict {
  int sas = 0;         // ESP SAs in the kernel after the stage
  bool pass = false;
  std::string detail;  // one line per SA: kernel delta vs packets seen
};

// `links`: the decoded captures of each of the host's links (the SA's
// packets are counted on the link where most of them were seen).
XfrmVerdict crossCheckXfrm(const std::vector<capture::XfrmSaCounters>& after, const XfrmSnapshot& before,
                           const std::vector<std::vector<capture::DecodedPacket>>& links);

}  // namespace harness::assert

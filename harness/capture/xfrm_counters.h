#pragma once
// Per-SA packet/byte counters of the kernel's XFRM states in a namespace, to
// cross-check what the wire showed (ESP seen on the link <-> SA counters rose).
#include <cstdint>
#include <string>
#include <vector>

#include "lab/core/ip.h"

namespace lab::netns {
class NetNs;
}

namespace harness::capture {

struct XfrmSaCounters {
  lab::Ip4 src, dst;
  std::string proto;  // "esp", "ah", "comp"
  std::uint32_t spi = 0;
  std::string mode;   // "transport", "tunnel"
  bool udpEncap = false;  // "encap type espinudp ..."
  std::uint64_t bytes = 0;
  std::uint64_t packets = 0;
  std::uint32_t oseq = 0;  // last sequence number sent (anti-replay context)
};

// Parses `ip -s xfrm state` output (iproute2 6.x). Unknown lines are ignored.
std::vector<XfrmSaCounters> parseXfrmState(const std::string& text);

// Runs `ip -s xfrm state` inside ns and parses it. Throws lab::sys::Error if
// ip fails.
std::vector<XfrmSaCounters> readXfrmCounters(const lab::netns::NetNs& ns);

}  // namespace harness::capture

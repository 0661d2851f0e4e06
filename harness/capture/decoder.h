#pragma once
// Decodes one captured frame into its header stack (see stack_pattern.h for
// the tokens), e.g. ip/gre/ip/esp, with the outermost IPv4 addresses, the
// first inner IPv4 addresses and the ESP SPI/sequence number.
//
// Pure function of the bytes: no libpcap calls, no allocation beyond the
// result. Every read is bounds-checked against caplen; truncated or
// malformed input yields malformed=true, a note, and a `malformed` token
// after the last layer that was identified (e.g. ip/esp/malformed).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lab/core/ip.h"

namespace harness::capture {

struct DecodedPacket {
  std::vector<std::string> stack;           // outermost first
  lab::Ip4 src, dst;                        // outermost IPv4 (0.0.0.0 when none)
  std::optional<lab::Ip4> innerSrc, innerDst;  // first IPv4 header inside the outer one
  std::optional<std::uint16_t> srcPort, dstPort;  // first UDP/TCP header
  std::optional<std::uint32_t> espSpi, espSeq;    // first ESP header (also ESP in UDP 4500)
  bool malformed = false;
  std::string note;  // why it is malformed, e.g. "truncated ESP header (6 of 8 bytes)"

  bool hasIp() const { return !stack.empty() && stack.front() == "ip"; }
  std::string stackStr() const;  // "ip/gre/ip/esp"
  std::string summary() const;   // tcpdump-like: "IP 1.0.0.5 > 1.0.0.4: ESP(spi=0x00001002,seq=0x1)"
};

// linktype is pcap_datalink()'s value: DLT_EN10MB, DLT_LINUX_SLL (what a GRE
// device such as gre1 gives under libpcap on Linux), DLT_LINUX_SLL2 (`-i any`),
// DLT_RAW / LINKTYPE_RAW, DLT_IPV4. Anything else decodes to `other`.
DecodedPacket decode(int linktype, const std::uint8_t* data, std::size_t caplen, std::size_t wirelen);

}  // namespace harness::capture

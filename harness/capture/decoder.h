#pragma once
// Decodes one captured frame into its header stack (see stack_pattern.h for
// the tokens), e.g. ip/gre/ip/esp, with the outermost IPv4 addresses, the
// first inner IPv4 addresses and the ESP SPI/sequence number. Given the
// run's ESP keys, an ESP payload is decrypted (esp_crypto.h) and what it
// carried decoded in turn: ip/esp[gre/ip/icmp]; when it cannot be, the
// brackets say why: ip/esp[icv-failed], ip/esp[no-sa].
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

#include "harness/capture/esp_crypto.h"
#include "harness/capture/ike_message.h"
#include "lab/core/ip.h"

namespace harness::capture {

struct DecodedPacket {
  std::vector<std::string> stack;           // outermost first
  lab::Ip4 src, dst;                        // outermost IPv4 (0.0.0.0 when none)
  std::optional<lab::Ip4> innerSrc, innerDst;  // first IPv4 header inside the outer one
  std::optional<std::uint16_t> srcPort, dstPort;  // first UDP/TCP header
  std::optional<std::uint32_t> espSpi, espSeq;    // first ESP header (also ESP in UDP 4500)
  // Decryption tried (keys given): its outcome and, when Decrypted, the
  // stack inside (outermost first), with the first IPv4 addresses inside.
  std::optional<EspStatus> espStatus;
  std::vector<std::string> inner;              // "gre","ip","icmp"; or {"icv-failed"} etc.
  std::optional<lab::Ip4> plainSrc, plainDst;  // first IPv4 header inside the ESP
  std::string espNote;                         // why not decrypted ("hmac(sha256) ICV does not match")
  std::optional<IkeMessage> ike;  // UDP 500, or 4500 after the non-ESP marker
  double time = 0;                // capture time stamp, seconds since the epoch (0: unknown)
  bool malformed = false;
  std::string note;  // why it is malformed, e.g. "truncated ESP header (6 of 8 bytes)"

  bool hasIp() const { return !stack.empty() && stack.front() == "ip"; }
  std::string stackStr() const;  // "ip/gre/ip/esp", "ip/esp[gre/ip/icmp]"
  // tcpdump-like: "IP 1.0.0.5 > 1.0.0.4: ESP(spi=0x00001002,seq=0x1)", then what
  // ESP carried when decryption was tried: " [GREv0 IP 10.0.0.1 > 10.0.0.2: ICMP]".
  std::string summary() const;
  std::string insideSummary() const;
};

// linktype is pcap_datalink()'s value: DLT_EN10MB, DLT_LINUX_SLL (what a GRE
// device such as gre1 gives under libpcap on Linux), DLT_LINUX_SLL2 (`-i any`),
// DLT_RAW / LINKTYPE_RAW, DLT_IPV4. Anything else decodes to `other`.
// keys: decrypt ESP with them (nullptr: the stack ends at esp).
DecodedPacket decode(int linktype, const std::uint8_t* data, std::size_t caplen, std::size_t wirelen,
                     const EspKeyring* keys = nullptr);

}  // namespace harness::capture

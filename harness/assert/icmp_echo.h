#pragma once
// ICMP echo messages, built and parsed as plain bytes (RFC 792, checksum
// RFC 1071). No sockets here: ping_check.cpp sends and receives them.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "lab/core/ip.h"

namespace harness::assert {

// The Internet checksum of `bytes` (one's complement of the one's complement
// sum of 16-bit words). Over a message that carries its checksum it is 0.
std::uint16_t internetChecksum(std::span<const std::uint8_t> bytes);

// An ICMP echo request (type 8): header with `id` and `seq` (network byte
// order on the wire), `payloadSize` pattern bytes, checksum filled in. What a
// raw IPPROTO_ICMP socket sends (the kernel adds the IP header).
std::vector<std::uint8_t> buildEchoRequest(std::uint16_t id, std::uint16_t seq, std::size_t payloadSize = 56);

struct EchoReply {
  lab::Ip4 from;  // the IP source of the reply
  std::uint16_t id = 0;
  std::uint16_t seq = 0;
};

// An IPv4 packet as a raw ICMP socket receives it (IP header included): the
// echo reply (type 0, code 0) it carries, or nullopt for anything else —
// another ICMP type, a truncated packet, a bad checksum, not ICMP.
std::optional<EchoReply> parseEchoReply(std::span<const std::uint8_t> ipPacket);

}  // namespace harness::assert

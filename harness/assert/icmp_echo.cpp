#include "harness/assert/icmp_echo.h"

namespace harness::assert {
namespace {

constexpr std::uint8_t kEchoReply = 0;
constexpr std::uint8_t kEchoRequest = 8;
constexpr std::uint8_t kProtoIcmp = 1;
constexpr std::size_t kIcmpHeader = 8;

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }

void putBe16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}

}  // namespace

std::uint16_t internetChecksum(std::span<const std::uint8_t> bytes) {
  std::uint32_t sum = 0;
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) sum += be16(&bytes[i]);
  if (i < bytes.size()) sum += static_cast<std::uint32_t>(bytes[i]) << 8;  // odd length: pad with zero
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

std::vector<std::uint8_t> buildEchoRequest(std::uint16_t id, std::uint16_t seq, std::size_t payloadSize) {
  std::vector<std::uint8_t> m(kIcmpHeader + payloadSize, 0);
  m[0] = kEchoRequest;
  m[1] = 0;  // code
  putBe16(&m[4], id);
  putBe16(&m[6], seq);
  for (std::size_t i = 0; i < payloadSize; ++i) m[kIcmpHeader + i] = static_cast<std::uint8_t>(0x10 + i);  // like ping's
  putBe16(&m[2], internetChecksum(m));
  return m;
}

std::optional<EchoReply> parseEchoReply(std::span<const std::uint8_t> p) {
  if (p.size() < 20 || (p[0] >> 4) != 4) return std::nullopt;
  const std::size_t ihl = static_cast<std::size_t>(p[0] & 0x0f) * 4;
  if (ihl < 20 || p[9] != kProtoIcmp) return std::nullopt;
  // The IP total length bounds the ICMP message (a datagram may carry padding).
  const std::size_t total = std::min<std::size_t>(be16(&p[2]), p.size());
  if (total < ihl + kIcmpHeader) return std::nullopt;
  const auto icmp = p.subspan(ihl, total - ihl);
  if (icmp[0] != kEchoReply || icmp[1] != 0) return std::nullopt;
  if (internetChecksum(icmp) != 0) return std::nullopt;
  EchoReply r;
  r.from.value = (static_cast<std::uint32_t>(p[12]) << 24) | (static_cast<std::uint32_t>(p[13]) << 16) |
                 (static_cast<std::uint32_t>(p[14]) << 8) | p[15];
  r.id = be16(&icmp[4]);
  r.seq = be16(&icmp[6]);
  return r;
}

}  // namespace harness::assert

#include "harness/capture/decoder.h"

#include <pcap/dlt.h>

#include <cstdio>

namespace harness::capture {
namespace {

constexpr int kLinktypeRaw = 101;  // LINKTYPE_RAW as stored in files (pcap maps it to DLT_RAW)
constexpr std::uint16_t kEtherIpv4 = 0x0800, kEtherArp = 0x0806, kEtherIpv6 = 0x86dd,
                        kEtherVlan = 0x8100, kEtherQinQ = 0x88a8;
constexpr std::uint8_t kProtoIcmp = 1, kProtoIpip = 4, kProtoTcp = 6, kProtoUdp = 17,
                       kProtoIpv6 = 41, kProtoGre = 47, kProtoEsp = 50;
constexpr std::uint16_t kPortIke = 500, kPortNatt = 4500;
constexpr int kMaxDepth = 8;  // nested IP-in-GRE-in-IP ... beyond this is "other"

// A bounds-checked view of the bytes still to decode.
struct Bytes {
  const std::uint8_t* p = nullptr;
  std::size_t n = 0;

  std::uint8_t u8(std::size_t at) const { return p[at]; }
  std::uint16_t u16(std::size_t at) const { return static_cast<std::uint16_t>(p[at] << 8 | p[at + 1]); }
  std::uint32_t u32(std::size_t at) const {
    return std::uint32_t{p[at]} << 24 | std::uint32_t{p[at + 1]} << 16 | std::uint32_t{p[at + 2]} << 8 | p[at + 3];
  }
  Bytes from(std::size_t off) const { return off >= n ? Bytes{p + n, 0} : Bytes{p + off, n - off}; }
  Bytes upTo(std::size_t len) const { return Bytes{p, len < n ? len : n}; }
};

class Decoder {
 public:
  Decoder(DecodedPacket& out, const EspKeyring* keys) : out_(out), keys_(keys), tokens_(&out.stack) {}

  void link(int linktype, Bytes b) {
    switch (linktype) {
      case DLT_EN10MB: return ethernet(b);
      case DLT_LINUX_SLL:
        if (!need(b, 16, "Linux cooked (SLL) header")) return;
        return ethertype(b.u16(14), b.from(16));
      case DLT_LINUX_SLL2:
        if (!need(b, 20, "Linux cooked (SLL2) header")) return;
        return ethertype(b.u16(0), b.from(20));
      case DLT_RAW:
      case kLinktypeRaw:
      case DLT_IPV4:
        if (!need(b, 1, "raw IP header")) return;
        if (b.u8(0) >> 4 == 6 && linktype != DLT_IPV4) return push("ipv6");
        return ipv4(b, 0);
      default:
        out_.note = "unsupported link type " + std::to_string(linktype);
        return push("other");
    }
  }

 private:
  void push(const char* token) { tokens_->emplace_back(token); }

  void fail(std::string note) {
    out_.malformed = true;
    out_.note = std::move(note);
    push("malformed");
  }

  // True when b holds at least len bytes; otherwise marks the packet malformed.
  bool need(const Bytes& b, std::size_t len, const char* what) {
    if (b.n >= len) return true;
    fail("truncated " + std::string(what) + " (" + std::to_string(b.n) + " of " + std::to_string(len) + " bytes)");
    return false;
  }

  void ethernet(Bytes b) {
    if (!need(b, 14, "Ethernet header")) return;
    std::uint16_t type = b.u16(12);
    std::size_t off = 14;
    while (type == kEtherVlan || type == kEtherQinQ) {
      if (!need(b.from(off), 4, "VLAN tag")) return;
      type = b.u16(off + 2);
      off += 4;
    }
    ethertype(type, b.from(off));
  }

  void ethertype(std::uint16_t type, Bytes b) {
    switch (type) {
      case kEtherIpv4: return ipv4(b, 0);
      case kEtherArp: return push("arp");
      case kEtherIpv6: return push("ipv6");
      default: return push("other");
    }
  }

  void ipv4(Bytes b, int depth) {
    push("ip");
    if (depth >= kMaxDepth) return push("other");
    if (!need(b, 20, "IPv4 header")) return;
    if (b.u8(0) >> 4 != 4) return fail("IPv4 header with version " + std::to_string(b.u8(0) >> 4));
    std::size_t ihl = std::size_t{b.u8(0) & 0x0fu} * 4;
    if (ihl < 20) return fail("IPv4 header length " + std::to_string(ihl) + " below 20 bytes");
    if (!need(b, ihl, "IPv4 header")) return;
    std::size_t total = b.u16(2);
    if (total < ihl) {
      return fail("IPv4 total length " + std::to_string(total) + " below header length " + std::to_string(ihl));
    }
    lab::Ip4 src{b.u32(12)}, dst{b.u32(16)};
    if (depth == 0) {
      out_.src = src;
      out_.dst = dst;
    } else if (!out_.innerSrc) {
      out_.innerSrc = src;
      out_.innerDst = dst;
    }
    if (tokens_ == &out_.inner && !out_.plainSrc) {
      out_.plainSrc = src;
      out_.plainDst = dst;
    }
    ipDst_ = dst;
    if ((b.u16(6) & 0x1fff) != 0) return push("fragment");  // no transport header in it
    protocol(b.u8(9), b.upTo(total).from(ihl), depth);
  }

  void gre(Bytes b, int depth) {
    push("gre");
    if (!need(b, 4, "GRE header")) return;
    std::uint16_t flags = b.u16(0);
    if ((flags & 0x7) != 0) return fail("GRE version " + std::to_string(flags & 0x7) + " (expected 0)");
    if (flags & 0x4000) return fail("GRE routing present (deprecated, not decoded)");
    std::size_t len = 4 + ((flags & 0x8000) ? 4 : 0) + ((flags & 0x2000) ? 4 : 0) + ((flags & 0x1000) ? 4 : 0);
    if (!need(b, len, "GRE header")) return;
    switch (b.u16(2)) {
      case kEtherIpv4: return ipv4(b.from(len), depth + 1);
      case kEtherIpv6: return push("ipv6");
      default: return push("other");
    }
  }

  void esp(Bytes b, int depth) {
    push("esp");
    if (!need(b, 8, "ESP header")) return;
    out_.espSpi = b.u32(0);
    out_.espSeq = b.u32(4);
    if (keys_ && tokens_ == &out_.stack) decrypt(b, depth);
  }

  // ESP's payload with the run's keys; what it carried decodes into `inner`.
  void decrypt(Bytes b, int depth) {
    const EspSa* sa = keys_->find(*out_.espSpi, ipDst_);
    EspPlain plain;
    if (!sa) {
      plain.status = EspStatus::NoSa;
      plain.note = "no SA with this SPI was read from any host";
    } else {
      plain = decryptEsp(*sa, std::span<const std::uint8_t>(b.p, b.n));
    }
    out_.espStatus = plain.status;
    tokens_ = &out_.inner;
    if (plain.status != EspStatus::Decrypted) {
      out_.espNote = plain.note;
      push(espStatusToken(plain.status));
      tokens_ = &out_.stack;
      return;
    }
    const bool wasMalformed = out_.malformed;
    Bytes in{plain.payload.data(), plain.payload.size()};
    protocol(plain.nextHeader, in, depth);
    if (out_.malformed && !wasMalformed) out_.note = "inside ESP: " + out_.note;
    tokens_ = &out_.stack;
  }

  // What an IP header (or ESP's trailer) says comes next.
  void protocol(std::uint8_t proto, Bytes payload, int depth) {
    switch (proto) {
      case kProtoIcmp: return push("icmp");
      case kProtoTcp: return tcp(payload);
      case kProtoUdp: return udp(payload, depth);
      case kProtoGre: return gre(payload, depth);
      case kProtoEsp: return esp(payload, depth);
      case kProtoIpip: return ipv4(payload, depth + 1);
      case kProtoIpv6: return push("ipv6");
      default: return push("other");
    }
  }

  void ports(const Bytes& b) {
    if (out_.srcPort) return;
    out_.srcPort = b.u16(0);
    out_.dstPort = b.u16(2);
  }

  void tcp(Bytes b) {
    push("tcp");
    if (!need(b, 4, "TCP ports")) return;
    ports(b);
  }

  void udp(Bytes b, int depth) {
    if (!need(b, 8, "UDP header")) return;
    std::uint16_t sport = b.u16(0), dport = b.u16(2);
    std::size_t ulen = b.u16(4);
    if (ulen < 8) {
      push("udp");
      return fail("UDP length " + std::to_string(ulen) + " below 8");
    }
    ports(b);
    std::size_t wirePayload = ulen - 8;
    Bytes payload = b.upTo(ulen).from(8);
    if (sport == kPortNatt || dport == kPortNatt) return natt(payload, wirePayload, depth);
    if (sport == kPortIke || dport == kPortIke) {
      push("udp500");
      push("isakmp");
      if (tokens_ == &out_.stack) out_.ike = parseIke(std::span<const std::uint8_t>(payload.p, payload.n));
      return;
    }
    push("udp");
  }

  // RFC 3948: 0xff alone is a keepalive, a zero 4-byte marker precedes IKE,
  // anything else is ESP (whose SPI is never 0).
  void natt(Bytes b, std::size_t wirePayload, int depth) {
    push("udp4500");
    if (wirePayload == 1) {
      if (!need(b, 1, "NAT-T keepalive")) return;
      if (b.u8(0) == 0xff) return push("keepalive");
      return fail("1-byte UDP 4500 payload that is not a NAT-T keepalive");
    }
    if (!need(b, 4, "UDP 4500 payload (non-ESP marker or SPI)")) return;
    if (b.u32(0) == 0) {
      push("isakmp");
      Bytes ike = b.from(4);
      if (tokens_ == &out_.stack) out_.ike = parseIke(std::span<const std::uint8_t>(ike.p, ike.n));
      return;
    }
    esp(b, depth);
  }

  DecodedPacket& out_;
  const EspKeyring* keys_;
  std::vector<std::string>* tokens_;  // where tokens go: the wire's stack, or inside ESP
  lab::Ip4 ipDst_;                    // destination of the innermost IPv4 header so far
};

std::string hex(std::uint32_t v, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%0*x", width, v);
  return buf;
}

// A token as tcpdump-like text.
std::string tokenWord(const std::string& t) {
  if (t == "gre") return "GREv0";
  if (t == "ip") return "IP";
  if (t == "esp") return "ESP";
  if (t == "udp" || t == "udp500") return "UDP";
  if (t == "udp4500") return "UDP-encap:";
  if (t == "keepalive") return "isakmp-nat-keep-alive";
  if (t == "ipv6") return "IP6";
  if (t == "icmp" || t == "tcp" || t == "arp") {
    std::string up;
    for (char c : t) up += static_cast<char>(c - 'a' + 'A');
    return up;
  }
  return t;
}

}  // namespace

DecodedPacket decode(int linktype, const std::uint8_t* data, std::size_t caplen, std::size_t wirelen,
                     const EspKeyring* keys) {
  DecodedPacket out;
  if (data == nullptr) caplen = 0;
  Decoder(out, keys).link(linktype, Bytes{data, caplen});
  if (out.malformed && caplen < wirelen) {
    out.note += " (captured " + std::to_string(caplen) + " of " + std::to_string(wirelen) + " bytes)";
  }
  return out;
}

std::string DecodedPacket::stackStr() const {
  std::string s;
  for (const auto& t : stack) {
    if (!s.empty()) s += '/';
    s += t;
  }
  if (!inner.empty()) {
    s += '[';
    for (std::size_t i = 0; i < inner.size(); ++i) s += (i ? "/" : "") + inner[i];
    s += ']';
  }
  return s;
}

std::string DecodedPacket::summary() const {
  std::string s;
  int ipSeen = 0;
  auto withPort = [](const lab::Ip4& a, const std::optional<std::uint16_t>& p) {
    return p ? a.str() + "." + std::to_string(*p) : a.str();
  };
  for (std::size_t i = 0; i < stack.size(); ++i) {
    const std::string& t = stack[i];
    const std::string next = i + 1 < stack.size() ? stack[i + 1] : "";
    if (!s.empty()) s += ' ';
    if (t == "ip" && ipSeen++ == 0) {
      bool showPorts = next == "udp" || next == "udp500" || next == "udp4500" || next == "tcp";
      s += "IP " + withPort(src, showPorts ? srcPort : std::nullopt) + " > " +
           withPort(dst, showPorts ? dstPort : std::nullopt) + ":";
    } else if (t == "ip") {
      s += innerSrc ? "IP " + innerSrc->str() + " > " + innerDst->str() + ":" : "IP";
    } else if (t == "esp") {
      s += espSpi ? "ESP(spi=" + hex(*espSpi, 8) + ",seq=" + hex(*espSeq, 0) + ")" : "ESP";
    } else if (t == "udp4500") {
      s += next == "esp" ? "UDP-encap:" : next == "isakmp" ? "NONESP-encap:" : "UDP:";
    } else if (t == "udp500") {
      s += "UDP";
    } else if (t == "malformed") {
      s += "[malformed: " + note + "]";
    } else {
      s += tokenWord(t);
    }
  }
  if (espStatus) s += " [" + insideSummary() + "]";
  return s;
}

// "GREv0 IP 10.0.0.1 > 10.0.0.2: ICMP", or why ESP was not decrypted.
std::string DecodedPacket::insideSummary() const {
  if (espStatus && *espStatus != EspStatus::Decrypted) return std::string(espStatusToken(*espStatus)) + ": " + espNote;
  std::string s;
  bool ipSeen = false;
  for (const auto& t : inner) {
    if (!s.empty()) s += ' ';
    if (t == "ip" && !ipSeen && plainSrc) s += "IP " + plainSrc->str() + " > " + plainDst->str() + ":";
    else if (t == "malformed") s += "[malformed: " + note + "]";
    else s += tokenWord(t);
    ipSeen = ipSeen || t == "ip";
  }
  return s;
}

}  // namespace harness::capture

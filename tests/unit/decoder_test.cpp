// Decodes the pcap fixtures (tests/fixtures, see its README) with libpcap and
// checks header stacks, addresses and ESP SPI/sequence numbers.
#include "harness/capture/decoder.h"

#include <gtest/gtest.h>
#include <pcap/dlt.h>

#include <random>
#include <string>
#include <vector>

#include "harness/capture/capture.h"

namespace harness::capture {
namespace {

std::vector<DecodedPacket> load(const std::string& name, int* linktype = nullptr) {
  return decodeFile(std::string(LABRUN_FIXTURES) + "/" + name, linktype);
}

std::vector<std::string> stacks(const std::vector<DecodedPacket>& ps) {
  std::vector<std::string> out;
  for (const auto& p : ps) out.push_back(p.stackStr());
  return out;
}

lab::Ip4 ip(const char* s) { return *lab::Ip4::parse(s); }

using Strings = std::vector<std::string>;

TEST(Decoder, PlainIcmpWithArpOnEthernet) {
  int dlt = 0;
  auto ps = load("plain-icmp.pcap", &dlt);
  EXPECT_EQ(dlt, DLT_EN10MB);
  EXPECT_EQ(stacks(ps), (Strings{"arp", "arp", "ip/icmp", "ip/icmp"}));
  EXPECT_EQ(ps[2].src, ip("1.0.0.4"));
  EXPECT_EQ(ps[2].dst, ip("1.0.0.5"));
  EXPECT_EQ(ps[3].src, ip("1.0.0.5"));
  EXPECT_FALSE(ps[2].innerSrc);
  for (const auto& p : ps) EXPECT_FALSE(p.malformed) << p.note;
  EXPECT_EQ(ps[2].summary(), "IP 1.0.0.4 > 1.0.0.5: ICMP");
}

TEST(Decoder, CookedLinkTypes) {
  int dlt = 0;
  auto v1 = load("plain-icmp-any-sll.pcap", &dlt);
  EXPECT_EQ(dlt, DLT_LINUX_SLL);
  EXPECT_EQ(stacks(v1), (Strings{"ip/icmp", "ip/icmp"}));
  auto v2 = load("plain-icmp-any-sll2.pcap", &dlt);
  EXPECT_EQ(dlt, DLT_LINUX_SLL2);
  EXPECT_EQ(stacks(v2), (Strings{"ip/icmp", "ip/icmp"}));
  EXPECT_EQ(v2[1].src, ip("1.0.0.5"));
  EXPECT_EQ(v2[1].dst, ip("1.0.0.4"));
}

TEST(Decoder, RawAndIpv4LinkTypes) {
  int dlt = 0;
  auto raw = load("linktype-raw.pcap", &dlt);
  EXPECT_EQ(dlt, DLT_RAW);
  EXPECT_EQ(stacks(raw), (Strings{"ip/icmp"}));
  auto v4 = load("linktype-ipv4.pcap", &dlt);
  EXPECT_EQ(dlt, DLT_IPV4);
  EXPECT_EQ(stacks(v4), (Strings{"ip/icmp"}));
  EXPECT_EQ(v4[0].dst, ip("1.0.0.5"));
}

TEST(Decoder, IpOptionsAndIpv6) {
  auto opt = load("ip-options-icmp.pcap");
  EXPECT_EQ(stacks(opt), (Strings{"ip/icmp"}));
  EXPECT_FALSE(opt[0].malformed);
  EXPECT_EQ(stacks(load("ipv6-eth.pcap")), (Strings{"ipv6"}));
}

TEST(Decoder, FragmentsTcpUdp) {
  auto ps = load("frag-tcp-udp.pcap");
  EXPECT_EQ(stacks(ps), (Strings{"ip/icmp", "ip/fragment", "ip/icmp", "ip/fragment", "ip/tcp", "ip/tcp",
                                 "ip/udp", "ip/icmp"}));
  EXPECT_EQ(ps[1].src, ip("1.0.0.4"));
  EXPECT_EQ(ps[4].dstPort, 7);
  EXPECT_EQ(ps[6].srcPort, 40000);
  EXPECT_EQ(ps[6].dstPort, 9999);
}

TEST(Decoder, GreCarryingIcmpOnEthernetAndInsideTunnel) {
  auto eth = load("gre-icmp-eth0.pcap");
  ASSERT_EQ(stacks(eth), (Strings{"ip/gre/ip/icmp", "ip/gre/ip/icmp"}));
  EXPECT_EQ(eth[0].src, ip("1.0.0.4"));
  EXPECT_EQ(eth[0].dst, ip("1.0.0.5"));
  EXPECT_EQ(eth[0].innerSrc, ip("10.0.0.1"));
  EXPECT_EQ(eth[0].innerDst, ip("10.0.0.2"));
  EXPECT_EQ(eth[1].innerSrc, ip("10.0.0.2"));
  EXPECT_EQ(eth[0].summary(), "IP 1.0.0.4 > 1.0.0.5: GREv0 IP 10.0.0.1 > 10.0.0.2: ICMP");

  // A GRE device under libpcap on Linux: cooked (SLL) with protocol 0x0800.
  int dlt = 0;
  auto gre1 = load("gre-icmp-gre1.pcap", &dlt);
  EXPECT_EQ(dlt, DLT_LINUX_SLL);
  ASSERT_EQ(stacks(gre1), (Strings{"ip/icmp", "ip/icmp"}));
  EXPECT_EQ(gre1[0].src, ip("10.0.0.1"));
}

TEST(Decoder, GreWithChecksumKeyAndSequence) {
  auto ps = load("gre-flags-eth0.pcap");
  ASSERT_EQ(stacks(ps), (Strings{"ip/gre/ip/icmp", "ip/gre/ip/icmp"}));
  EXPECT_EQ(ps[1].innerSrc, ip("10.0.0.2"));
  EXPECT_EQ(ps[1].innerDst, ip("10.0.0.1"));
}

TEST(Decoder, GreOverIpsecShowsOnlyEspForTheTunnel) {
  auto ps = load("gre-over-ipsec-eth0.pcap");
  ASSERT_EQ(stacks(ps), (Strings{"ip/esp", "ip/esp", "ip/esp", "ip/esp", "ip/icmp", "ip/icmp"}));
  EXPECT_EQ(ps[0].espSpi, 0x1001u);
  EXPECT_EQ(ps[0].espSeq, 1u);
  EXPECT_EQ(ps[1].espSpi, 0x1002u);
  EXPECT_EQ(ps[1].src, ip("1.0.0.5"));
  EXPECT_EQ(ps[2].espSeq, 2u);
  EXPECT_FALSE(ps[0].innerSrc);
  EXPECT_EQ(ps[1].summary(), "IP 1.0.0.5 > 1.0.0.4: ESP(spi=0x00001002,seq=0x1)");
  EXPECT_EQ(stacks(load("gre-over-ipsec-gre1.pcap")), (Strings(4, "ip/icmp")));
}

TEST(Decoder, IpsecOverGreShowsGreCarryingEsp) {
  auto ps = load("ipsec-over-gre-eth0.pcap");
  ASSERT_EQ(stacks(ps), (Strings(4, "ip/gre/ip/esp")));
  EXPECT_EQ(ps[1].src, ip("1.0.0.5"));
  EXPECT_EQ(ps[1].innerSrc, ip("10.0.0.2"));
  EXPECT_EQ(ps[1].innerDst, ip("10.0.0.1"));
  EXPECT_EQ(ps[1].espSpi, 0x2002u);
  EXPECT_EQ(ps[3].espSeq, 2u);
  EXPECT_EQ(ps[1].summary(), "IP 1.0.0.5 > 1.0.0.4: GREv0 IP 10.0.0.2 > 10.0.0.1: ESP(spi=0x00002002,seq=0x1)");
}

TEST(Decoder, EspInUdp4500) {
  auto ps = load("esp-in-udp-eth0.pcap");
  ASSERT_EQ(stacks(ps), (Strings(4, "ip/udp4500/esp")));
  EXPECT_EQ(ps[0].espSpi, 0x3001u);
  EXPECT_EQ(ps[3].espSpi, 0x3002u);
  EXPECT_EQ(ps[3].espSeq, 2u);
  EXPECT_EQ(ps[0].summary(), "IP 1.0.0.4.4500 > 1.0.0.5.4500: UDP-encap: ESP(spi=0x00003001,seq=0x1)");
}

TEST(Decoder, IkeOn500And4500AndKeepalive) {
  auto ps = load("ike-natt-eth0.pcap");
  ASSERT_EQ(stacks(ps), (Strings{"ip/udp500/isakmp", "ip/udp4500/isakmp", "ip/udp4500/keepalive"}));
  EXPECT_FALSE(ps[1].espSpi);
  EXPECT_EQ(ps[2].src, ip("1.0.0.4"));
  for (const auto& p : ps) EXPECT_FALSE(p.malformed) << p.note;
}

struct MalformedCase {
  const char* file;
  const char* stack;
  const char* note;
};

class DecoderMalformed : public testing::TestWithParam<MalformedCase> {};

TEST_P(DecoderMalformed, ReportedNotCrashed) {
  auto ps = load(GetParam().file);
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_TRUE(ps[0].malformed);
  EXPECT_EQ(ps[0].stackStr(), GetParam().stack);
  EXPECT_NE(ps[0].note.find(GetParam().note), std::string::npos) << ps[0].note;
  EXPECT_NE(ps[0].summary().find("malformed"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, DecoderMalformed,
    testing::Values(MalformedCase{"malformed-trunc-ip.pcap", "ip/malformed", "truncated IPv4 header (12 of 20 bytes)"},
                    MalformedCase{"malformed-trunc-esp.pcap", "ip/esp/malformed", "truncated ESP header (6 of 8 bytes)"},
                    MalformedCase{"malformed-gre-version.pcap", "ip/gre/malformed", "GRE version 1"},
                    MalformedCase{"malformed-caplen-ihl.pcap", "ip/malformed", "truncated IPv4 header (40 of 60 bytes)"},
                    MalformedCase{"malformed-bad-ihl.pcap", "ip/malformed", "IPv4 header length 16"},
                    MalformedCase{"malformed-trunc-eth.pcap", "malformed", "truncated Ethernet header (10 of 14"}));

TEST(Decoder, TruncatedEspAlsoSaysHowMuchWasCaptured) {
  auto ps = load("malformed-trunc-esp.pcap");
  EXPECT_NE(ps[0].note.find("captured 40 of 166 bytes"), std::string::npos) << ps[0].note;
}

TEST(Decoder, UnknownLinkTypeIsOther) {
  const std::uint8_t b[4] = {};
  auto p = decode(9999, b, sizeof b, sizeof b);
  EXPECT_EQ(p.stackStr(), "other");
  EXPECT_FALSE(p.malformed);
}

TEST(Decoder, NatTShortPayloads) {
  // Raw IPv4 + UDP 4500 with 1..3 payload bytes.
  auto make = [](std::vector<std::uint8_t> payload) {
    std::vector<std::uint8_t> b = {0x45, 0, 0, 0, 0, 0, 0, 0, 64, 17, 0, 0, 1, 0, 0, 4, 1, 0, 0, 5,
                                   0x11, 0x94, 0x11, 0x94, 0, 0, 0, 0};
    std::size_t total = b.size() + payload.size();
    b[2] = static_cast<std::uint8_t>(total >> 8);
    b[3] = static_cast<std::uint8_t>(total);
    b[25] = static_cast<std::uint8_t>(8 + payload.size());
    b.insert(b.end(), payload.begin(), payload.end());
    return decode(DLT_RAW, b.data(), b.size(), b.size());
  };
  EXPECT_EQ(make({0xff}).stackStr(), "ip/udp4500/keepalive");
  EXPECT_EQ(make({0x01}).stackStr(), "ip/udp4500/malformed");
  EXPECT_EQ(make({0, 0, 0, 0, 1}).stackStr(), "ip/udp4500/isakmp");
  auto esp = make({0, 0, 0x10, 0x01, 0, 0});
  EXPECT_EQ(esp.stackStr(), "ip/udp4500/esp/malformed");
  EXPECT_NE(esp.note.find("truncated ESP header (6 of 8 bytes)"), std::string::npos);
}

// Every prefix of every fixture packet, and random bit flips, decode without
// crashing (run under ASan/UBSan in CI to make this bite).
TEST(Decoder, NeverCrashesOnTruncationOrCorruption) {
  const char* files[] = {"plain-icmp.pcap", "gre-flags-eth0.pcap", "ipsec-over-gre-eth0.pcap",
                         "esp-in-udp-eth0.pcap", "ike-natt-eth0.pcap", "plain-icmp-any-sll2.pcap",
                         "gre-icmp-gre1.pcap", "frag-tcp-udp.pcap"};
  std::mt19937 rng(42);
  for (const char* f : files) {
    char errbuf[PCAP_ERRBUF_SIZE];
    pcap_t* p = pcap_open_offline((std::string(LABRUN_FIXTURES) + "/" + f).c_str(), errbuf);
    ASSERT_NE(p, nullptr) << errbuf;
    int dlt = pcap_datalink(p);
    pcap_pkthdr* h;
    const u_char* bytes;
    while (pcap_next_ex(p, &h, &bytes) == 1) {
      std::vector<std::uint8_t> copy(bytes, bytes + h->caplen);
      for (std::size_t n = 0; n <= copy.size(); ++n) {
        // A fresh heap buffer of exactly n bytes so ASan sees any overread.
        std::vector<std::uint8_t> cut(copy.begin(), copy.begin() + n);
        auto d = decode(dlt, cut.data(), n, h->len);
        EXPECT_FALSE(d.stack.empty());
        if (d.malformed) {
          EXPECT_EQ(d.stack.back(), "malformed");
        }
      }
      for (int i = 0; i < 200; ++i) {
        std::vector<std::uint8_t> bad = copy;
        bad[rng() % bad.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
        auto d = decode(dlt, bad.data(), bad.size(), h->len);
        EXPECT_FALSE(d.stack.empty());
      }
    }
    pcap_close(p);
  }
  EXPECT_EQ(decode(DLT_EN10MB, nullptr, 0, 0).stackStr(), "malformed");
}

}  // namespace
}  // namespace harness::capture

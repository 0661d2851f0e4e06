#include "harness/assert/wire_check.h"

#include <gtest/gtest.h>

#include "harness/capture/capture.h"

namespace harness::assert {
namespace {

using capture::DecodedPacket;

std::string fixture(const char* name) { return std::string(LABRUN_FIXTURES) + "/" + name; }
std::vector<DecodedPacket> load(const char* name) { return capture::decodeFile(fixture(name)); }
lab::Ip4 ip(const char* s) { return *lab::Ip4::parse(s); }

WireCheck check(std::vector<std::string> shows, std::vector<std::string> never = {}) {
  WireCheck c;
  c.node = "A";
  c.iface = "eth0";
  c.shows = std::move(shows);
  c.never = std::move(never);
  return c;
}

TEST(WireCheck, GreOverIpsecShowsEspAndNoGre) {
  auto v = evaluateWire(check({"esp"}, {"gre"}), load("gre-over-ipsec-eth0.pcap"), "x.pcap");
  EXPECT_TRUE(v.pass) << v.detail;
  EXPECT_NE(v.detail.find("shows esp"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("4 packets"), std::string::npos) << v.detail;
}

TEST(WireCheck, IpsecOverGreShowsGreEsp) {
  auto v = evaluateWire(check({"gre-esp"}, {"icmp", "ip/esp"}), load("ipsec-over-gre-eth0.pcap"), "x.pcap");
  EXPECT_TRUE(v.pass) << v.detail;
}

TEST(WireCheck, NattShowsUdp4500Esp) {
  auto v = evaluateWire(check({"udp4500-esp"}, {"gre", "icmp", "ip/esp"}), load("esp-in-udp-eth0.pcap"), "x.pcap");
  EXPECT_TRUE(v.pass) << v.detail;
}

TEST(WireCheck, FailureShowsExpectedSeenCountsMalformedAndPath) {
  auto v = evaluateWire(check({"esp"}, {"gre"}), load("gre-icmp-eth0.pcap"), "/runs/s1-A-eth0.pcap");
  EXPECT_FALSE(v.pass);
  EXPECT_NE(v.detail.find("expected esp: not seen"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("expected never gre: seen in 2 packets"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("     1 \u00d7 ip/gre/ip/icmp 1.0.0.4 > 1.0.0.5"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("     1 \u00d7 ip/gre/ip/icmp 1.0.0.5 > 1.0.0.4"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("(0 malformed)"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("pcap: /runs/s1-A-eth0.pcap"), std::string::npos) << v.detail;
}

TEST(WireCheck, SeenTableCountsPerStackAndDirection) {
  std::string t = seenTable(load("gre-over-ipsec-eth0.pcap"));
  EXPECT_EQ(t,
            "     2 \u00d7 ip/esp 1.0.0.4 > 1.0.0.5\n"
            "     2 \u00d7 ip/esp 1.0.0.5 > 1.0.0.4\n"
            "     1 \u00d7 ip/icmp 1.0.0.4 > 1.0.0.5\n"
            "     1 \u00d7 ip/icmp 1.0.0.5 > 1.0.0.4\n");
  EXPECT_EQ(seenTable(load("plain-icmp.pcap"), 1), "     2 \u00d7 arp\n  ... 2 more stacks\n");
}

TEST(WireCheck, FromToFilterShows) {
  auto ps = load("gre-over-ipsec-eth0.pcap");
  auto c = check({"ip/esp"});
  c.from = ip("1.0.0.5");
  c.to = ip("1.0.0.4");
  EXPECT_TRUE(evaluateWire(c, ps, "x").pass);
  c.from = ip("1.2.3.4");
  auto v = evaluateWire(c, ps, "x");
  EXPECT_FALSE(v.pass);
  EXPECT_NE(v.detail.find("expected ip/esp from 1.2.3.4 to 1.0.0.4: not seen"), std::string::npos) << v.detail;
}

TEST(WireCheck, FromToFilterNever) {
  // The article's point: only GRE is selected, so a plain ping stays cleartext.
  auto ps = load("gre-over-ipsec-eth0.pcap");
  auto c = check({"esp"}, {"icmp"});
  EXPECT_FALSE(evaluateWire(c, ps, "x").pass);
  c.from = ip("1.0.0.9");  // nobody: neither shows nor never sees anything
  auto v = evaluateWire(c, ps, "x");
  EXPECT_FALSE(v.pass);
  EXPECT_EQ(v.detail.find("expected never"), std::string::npos) << v.detail;
}

TEST(WireCheck, MalformedCounted) {
  auto ps = load("malformed-trunc-esp.pcap");
  auto more = load("gre-over-ipsec-eth0.pcap");
  ps.insert(ps.end(), more.begin(), more.end());
  auto v = evaluateWire(check({"udp4500-esp"}), ps, "p.pcap");
  EXPECT_FALSE(v.pass);
  EXPECT_NE(v.detail.find("7 packets (1 malformed)"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("ip/esp/malformed 1.0.0.4 > 1.0.0.5"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("truncated ESP header (6 of 8 bytes)"), std::string::npos) << v.detail;
}

TEST(WireCheck, EmptyCaptureAndBadPattern) {
  auto v = evaluateWire(check({"esp"}), {}, "empty.pcap");
  EXPECT_FALSE(v.pass);
  EXPECT_NE(v.detail.find("no packets captured"), std::string::npos) << v.detail;
  v = evaluateWire(check({"espp"}), load("gre-over-ipsec-eth0.pcap"), "x");
  EXPECT_FALSE(v.pass);
  EXPECT_NE(v.detail.find("did you mean 'esp'"), std::string::npos) << v.detail;
}

}  // namespace
}  // namespace harness::assert

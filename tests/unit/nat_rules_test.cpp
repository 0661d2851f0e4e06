// 1:1 NAT rendering: iptables-restore text from a topology (no privileges).
#include <gtest/gtest.h>

#include "lab/nat/nat_rules.h"

namespace {

using lab::Ip4;
using lab::Prefix;

Ip4 ip(const char* s) { return *Ip4::parse(s); }

lab::TopologySpec natTopology() {
  lab::TopologySpec t;
  t.lab = "u";
  t.segments = {{"wan", *Prefix::parse("1.0.0.0/24"), ip("1.0.0.1")},
                {"cloud", *Prefix::parse("100.64.0.0/24"), ip("100.64.0.1")},
                {"c-lan", *Prefix::parse("10.1.0.0/24"), std::nullopt}};
  t.nats = {{"nat-c", "c-lan", ip("10.1.0.254"), "cloud", ip("100.64.0.2")}};
  t.hosts = {{"A", "wan", "eth0", *Prefix::parse("1.0.0.4/24"), std::nullopt, ""},
             {"C", "c-lan", "eth0", *Prefix::parse("10.1.0.1/24"), ip("1.2.3.4"), "nat-c"},
             {"D", "c-lan", "eth0", *Prefix::parse("10.1.0.2/24"), std::nullopt, "nat-c"},
             {"E", "c-lan", "eth0", *Prefix::parse("10.1.0.3/24"), ip("1.2.3.5"), "nat-c"}};
  return t;
}

}  // namespace

TEST(NatRules, MappingsAreHostsBehindTheNatWithAPublicAddress) {
  auto m = lab::nat::natMappings(natTopology(), "nat-c");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0], (lab::nat::NatMapping{"C", ip("10.1.0.1"), ip("1.2.3.4")}));
  EXPECT_EQ(m[1], (lab::nat::NatMapping{"E", ip("10.1.0.3"), ip("1.2.3.5")}));
  EXPECT_TRUE(lab::nat::natMappings(natTopology(), "other").empty());
}

TEST(NatRules, RendersOneToOneDnatAndSnatForAllProtocols) {
  const std::string text = lab::nat::renderNatRules({{"C", ip("10.1.0.1"), ip("1.2.3.4")}});
  EXPECT_EQ(text,
            "*nat\n"
            ":PREROUTING ACCEPT [0:0]\n"
            ":INPUT ACCEPT [0:0]\n"
            ":OUTPUT ACCEPT [0:0]\n"
            ":POSTROUTING ACCEPT [0:0]\n"
            "# C: 1.2.3.4 <-> 10.1.0.1\n"
            "-A PREROUTING -i outside -d 1.2.3.4/32 -j DNAT --to-destination 10.1.0.1\n"
            "-A POSTROUTING -o outside -s 10.1.0.1/32 -j SNAT --to-source 1.2.3.4\n"
            "COMMIT\n");
  // No protocol match: ESP, GRE, UDP 500/4500 and ICMP are all translated.
  EXPECT_EQ(text.find(" -p "), std::string::npos);
}

TEST(NatRules, SeveralMappingsAndACustomOutsideInterface) {
  auto text = lab::nat::renderNatRules(lab::nat::natMappings(natTopology(), "nat-c"), "wan0");
  EXPECT_NE(text.find("-A PREROUTING -i wan0 -d 1.2.3.5/32 -j DNAT --to-destination 10.1.0.3\n"),
            std::string::npos);
  EXPECT_NE(text.find("-A POSTROUTING -o wan0 -s 10.1.0.3/32 -j SNAT --to-source 1.2.3.5\n"),
            std::string::npos);
  EXPECT_EQ(text.find("10.1.0.2"), std::string::npos);  // D has no public address
  EXPECT_EQ(text.rfind("COMMIT\n"), text.size() - 7);
}

TEST(NatRules, NoMappingsStillReplacesTheTable) {
  auto text = lab::nat::renderNatRules({});
  EXPECT_EQ(text.find("-A "), std::string::npos);
  EXPECT_EQ(text.rfind("*nat\n", 0), 0u);
  EXPECT_NE(text.find("COMMIT\n"), std::string::npos);
}

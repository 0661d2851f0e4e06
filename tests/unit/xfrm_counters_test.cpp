#include "harness/capture/xfrm_counters.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace harness::capture {
namespace {

TEST(XfrmCounters, ParsesRealIpXfrmStateOutput) {
  // Saved in the UML guest by make-fixtures.sh after the GRE-over-IPsec ping.
  std::ifstream f(std::string(LABRUN_FIXTURES) + "/xfrm-state-gre-over-ipsec.txt");
  ASSERT_TRUE(f);
  std::stringstream ss;
  ss << f.rdbuf();
  auto sas = parseXfrmState(ss.str());
  ASSERT_EQ(sas.size(), 2u);
  EXPECT_EQ(sas[0].src.str(), "1.0.0.5");
  EXPECT_EQ(sas[0].dst.str(), "1.0.0.4");
  EXPECT_EQ(sas[0].spi, 0x1002u);
  EXPECT_EQ(sas[0].proto, "esp");
  EXPECT_EQ(sas[0].mode, "transport");
  EXPECT_EQ(sas[0].packets, 2u);
  EXPECT_EQ(sas[0].bytes, 176u);
  EXPECT_EQ(sas[0].oseq, 0u);
  EXPECT_EQ(sas[1].spi, 0x1001u);
  EXPECT_EQ(sas[1].oseq, 2u);
  EXPECT_FALSE(sas[1].udpEncap);
}

TEST(XfrmCounters, EncapAndEmpty) {
  EXPECT_TRUE(parseXfrmState("").empty());
  auto sas = parseXfrmState(
      "src 1.0.0.4 dst 1.0.0.5\n\tproto esp spi 0x00003001(12289) reqid 1(0x00000001) mode transport\n"
      "\tencap type espinudp sport 4500 dport 4500 addr 0.0.0.0\n\tlifetime current:\n\t  0(bytes), 0(packets)\n");
  ASSERT_EQ(sas.size(), 1u);
  EXPECT_TRUE(sas[0].udpEncap);
  EXPECT_EQ(sas[0].spi, 0x3001u);
}

}  // namespace
}  // namespace harness::capture

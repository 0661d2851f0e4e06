// pluto's `whack --showstates` output → SaStatus (no privileges). The
// fixtures are lines libreswan 4.10 printed in labrun's experiments.
#include <gtest/gtest.h>

#include "lab/ike/libreswan/pluto_status.h"

namespace lsw = lab::ike::libreswan;

TEST(PlutoStatus, Ikev2IkeSaWithoutChild) {
  // The host kernel without ESP: IKE up, child SA refused by the kernel.
  const char* text =
      "000 #3: \"gre1\":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); REKEY in 28517s; REPLACE in "
      "28787s; idle;\n"
      "000 #5: \"gre1\":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); REKEY in 28517s; REPLACE in "
      "28787s; newest; idle;\n";
  auto states = lsw::parseShowStates(text);
  ASSERT_EQ(states.size(), 2u);
  EXPECT_EQ(states[1].serial, 5);
  EXPECT_EQ(states[1].conn, "gre1");
  EXPECT_EQ(states[1].state, "STATE_V2_ESTABLISHED_IKE_SA");
  auto s = lsw::statusFromShowStates(text, "gre1");
  EXPECT_TRUE(s.ikeUp);
  EXPECT_FALSE(s.childUp);
  EXPECT_EQ(s.detail, "IKE SA #5 STATE_V2_ESTABLISHED_IKE_SA; no IPsec SA");
  EXPECT_FALSE(lsw::statusFromShowStates(text, "other").ikeUp);
}

TEST(PlutoStatus, Ikev1MainModeStuckAfterIdMismatch) {
  const char* text =
      "000 #1: \"gre1\":500 STATE_MAIN_I3 (sent Main Mode I3); RETRANSMIT in 1s; lastdpd=-1s(seq in:0 out:0); "
      "idle;\n"
      "000 #1: pending Phase 2 for \"gre1\"\n";
  auto s = lsw::statusFromShowStates(text, "gre1");
  EXPECT_FALSE(s.ikeUp);
  EXPECT_FALSE(s.childUp);
  EXPECT_EQ(s.detail, "IKE SA #1 STATE_MAIN_I3; no IPsec SA");
}

TEST(PlutoStatus, Ikev1BothPhasesUpBehindNat) {
  const char* text =
      "000 #1: \"gre1\"[1] 1.2.3.4:4500 STATE_MAIN_R3 (IKE SA established); REPLACE in 28527s; newest; "
      "lastdpd=-1s(seq in:0 out:0); idle;\n"
      "000 #2: \"gre1\"[1] 1.2.3.4:4500 STATE_QUICK_R2 (IPsec SA established); REPLACE in 28527s; newest; "
      "eroute owner; isakmp#1; idle;\n"
      "000 #2: \"gre1\"[1] 1.2.3.4 esp.1234@1.2.3.4 esp.5678@1.0.0.4 tun.0@1.2.3.4 ref=0 refhim=0 "
      "Traffic: ESPin=0B ESPout=0B ESPmax=2^63B\n";
  auto s = lsw::statusFromShowStates(text, "gre1");
  EXPECT_TRUE(s.ikeUp);
  EXPECT_TRUE(s.childUp);
  EXPECT_EQ(s.detail, "IKE SA #1 STATE_MAIN_R3; IPsec SA #2 STATE_QUICK_R2");
}

TEST(PlutoStatus, Ikev2ChildEstablishedAndNothingAtAll) {
  const char* text =
      "000 #1: \"gre1\":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); newest; idle;\n"
      "000 #2: \"gre1\":500 STATE_V2_ESTABLISHED_CHILD_SA (established Child SA); newest; eroute owner; "
      "IKE SA #1; idle;\n";
  auto s = lsw::statusFromShowStates(text, "gre1");
  EXPECT_TRUE(s.ikeUp);
  EXPECT_TRUE(s.childUp);
  auto none = lsw::statusFromShowStates("", "gre1");
  EXPECT_FALSE(none.ikeUp);
  EXPECT_EQ(none.detail, "no state for \"gre1\"");
}

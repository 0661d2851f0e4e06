// libreswan's real output, per version: lines pluto 4.3 (bullseye), 4.10
// (bookworm) and 5.2 (trixie) wrote in labrun runs under UML, copied from
// their pluto.log and showstates.txt (labrun scenario ... --release R).
// Each outcome matcher must match the lines of the versions it claims, and
// a version-bound wording must not be claimed for the others.
#include <gtest/gtest.h>

#include "lab/ike/implementation.h"
#include "lab/ike/libreswan/pluto_status.h"
#include "lab/ike/libreswan/version_traits.h"
#include "lab/ike/registry.h"

namespace lsw = lab::ike::libreswan;

namespace {

std::string outcomeOf(const std::string& version, const std::string& line) {
  auto ev = lab::ike::matchOutcomes(lab::ike::implementation("libreswan"), "A", version, {line});
  return ev.empty() ? "" : ev[0].outcome;
}

struct Line {
  const char* version;
  const char* outcome;  // "" : no outcome
  const char* text;
};

// clang-format off
const Line kLines[] = {
  // --- 4.3 (bullseye): nat-c, gre-over-ipsec/nat-c --ikev 2
  {"4.3", "rejected:cannot-identify-ourselves", "Dec  4 16:29:24.020175: \"gre1\": we cannot identify ourselves with either end of this connection.  1.2.3.4 or 1.0.0.4 are not usable"},
  {"4.3", "peer-id-mismatch", "Dec  4 16:29:26.216924: \"gre1\" #1: we require IKEv1 peer to have ID '1.2.3.4', but peer declares '10.1.0.1'"},
  {"4.3", "notify:INVALID_ID_INFORMATION", "Dec  4 16:29:26.230775: \"gre1\" #1: sending encrypted notification INVALID_ID_INFORMATION to 1.2.3.4:4500"},
  {"4.3", "no-response", "Dec  4 16:29:26.615086: \"gre1\" #1: STATE_MAIN_I3: retransmission; will wait 0.5 seconds for response"},
  {"4.3", "no-response", "Dec  4 16:27:07.691031: \"gre1\" #2: STATE_PARENT_I2: retransmission; will wait 0.5 seconds for response"},
  {"4.3", "notify:TS_UNACCEPTABLE", "Dec  4 16:27:08.310497: \"gre1\" #2: state transition 'Initiator: process IKE_AUTH response' failed with v2N_TS_UNACCEPTABLE"},
  {"4.3", "notify:TS_UNACCEPTABLE", "Dec  4 16:41:08.127190: \"gre1\" #2: responding to IKE_AUTH message (ID 1) from 1.0.0.4:4500 with encrypted notification TS_UNACCEPTABLE"},
  {"4.3", "notify:TS_UNACCEPTABLE", "Dec  4 16:41:08.132671: \"gre1\" #2: IKE_AUTH response contained the error notification TS_UNACCEPTABLE"},
  {"4.3", "", "Dec  4 16:27:07.060195: \"gre1\" #1: initiating IKEv2 connection"},
  // --- 4.10 (bookworm): nat-c, nat-c --ikev 2
  {"4.10", "rejected:cannot-identify-ourselves", "Dec  4 16:30:44.151507: \"gre1\": we cannot identify ourselves with either end of this connection.  1.2.3.4 or 1.0.0.4 are not usable"},
  {"4.10", "peer-id-mismatch", "Dec  4 16:30:46.700011: \"gre1\" #1: Peer ID '10.1.0.1' mismatched on first found connection and no better connection found"},
  {"4.10", "notify:INVALID_ID_INFORMATION", "Dec  4 16:30:46.725847: \"gre1\" #1: sending encrypted notification INVALID_ID_INFORMATION to 1.2.3.4:4500"},
  {"4.10", "no-response", "Dec  4 16:30:50.100300: \"gre1\" #3: STATE_QUICK_I1: retransmission; will wait 0.5 seconds for response"},
  {"4.10", "no-response", "Dec  4 16:41:45.215334: \"gre1\" #5: STATE_V2_PARENT_I2: retransmission; will wait 0.5 seconds for response"},
  {"4.10", "rejected:ikev1-policy", "Dec  4 16:45:58.694259: packet from 10.0.0.1:500: ignoring IKEv1 packet as policy is set to silently drop all IKEv1 packets"},
  {"4.10", "rejected:ikev1-policy", "\"gre1\": failed to add IKEv1 connection: global ikev1-policy does not allow IKEv1 connections"},
  // --- 5.2 (trixie): nat-c, gre-over-ipsec, ipsec-over-gre
  {"5.2", "rejected:cannot-identify-ourselves", "Dec  4 16:31:52.643390: \"gre1\": we cannot identify ourselves with either end of this connection.  1.2.3.4 or 1.0.0.4 are not usable"},
  {"5.2", "peer-id-mismatch", "Dec  4 16:31:55.502850: \"gre1\" #1: Peer ID '10.1.0.1' mismatched on first found connection and no better connection found"},
  {"5.2", "notify:INVALID_ID_INFORMATION", "Dec  4 16:31:55.504861: \"gre1\" #1: sending encrypted notification INVALID_ID_INFORMATION to 1.2.3.4:4500"},
  {"5.2", "no-response", "Dec  4 16:31:55.837903: \"gre1\" #1: STATE_MAIN_I3: retransmission; will wait 0.5 seconds for response"},
  {"5.2", "no-response", "Dec  4 16:34:05.996523: \"gre1\" #1: IKE_AUTH_I: retransmission; will wait 0.5 seconds for response"},
  {"5.2", "rejected:ikev1-policy", "Dec  4 16:45:34.095176: packet from 10.0.0.1:500: ignoring IKEv1 packet as global policy is set to silently drop all IKEv1 packets"},
  {"5.2", "", "Dec  4 16:31:51.935331: \"gre1\": ikev2=no has been replaced by keyexchange=ikev1"},
  {"5.2", "", "Dec  4 16:28:18.602083: \"gre1\" #2: initiator established Child SA using #1; IPsec transport [1.0.0.4/32/GRE/0===1.0.0.5/32/GRE/0] {ESP/ESN=>0xd9564df9 <0xcf331f25 xfrm=AES_CBC_256-HMAC_SHA2_256_128 DPD=passive}"},
};
// clang-format on

}  // namespace

TEST(LibreswanVersionLines, EachLineMapsToItsOutcomeOnItsVersion) {
  for (const auto& l : kLines) EXPECT_EQ(outcomeOf(l.version, l.text), l.outcome) << l.version << ": " << l.text;
}

TEST(LibreswanVersionLines, EveryVersionWithFixturesIsVerifiedAndNoOther) {
  const auto& table = lab::ike::implementation("libreswan").outcomeTable();
  for (const auto& l : kLines) EXPECT_TRUE(table.verified(l.version)) << l.version;
  EXPECT_EQ(table.verifiedOn, (std::vector<std::string>{"4.3", "4.10", "5.2"}));
}

// Wordings that belong to some versions only are not claimed for others:
// 4.3's "we require IKEv1 peer" sentence (gone from 4.6), the "No"/"no"
// spellings of the TS refusal, 4.10's "policy" and 5.x's "global policy".
TEST(LibreswanVersionLines, VersionBoundWordingsStayWithTheirVersions) {
  const std::string require = "\"gre1\" #1: we require IKEv1 peer to have ID '1.2.3.4', but peer declares '10.1.0.1'";
  EXPECT_EQ(outcomeOf("4.3", require), "peer-id-mismatch");
  EXPECT_EQ(outcomeOf("4.10", require), "");
  EXPECT_EQ(outcomeOf("5.2", require), "");
  const std::string ts410 = "\"gre1\" #8: No IKEv2 connection found with compatible Traffic Selectors";
  const std::string ts52 = "\"gre1\" #8: no IKEv2 connection found with compatible Traffic Selectors";
  EXPECT_EQ(outcomeOf("4.10", ts410), "notify:TS_UNACCEPTABLE");
  EXPECT_EQ(outcomeOf("5.2", ts52), "notify:TS_UNACCEPTABLE");
  EXPECT_EQ(outcomeOf("5.2", ts410), "");
  EXPECT_EQ(outcomeOf("4.10", ts52), "");
  const std::string drop410 = "packet from 1.0.0.4:500: ignoring IKEv1 packet as policy is set to silently drop all IKEv1 packets";
  const std::string drop52 = "packet from 1.0.0.4:500: ignoring IKEv1 packet as global policy is set to silently drop all IKEv1 packets";
  EXPECT_EQ(outcomeOf("4.10", drop410), "rejected:ikev1-policy");
  EXPECT_EQ(outcomeOf("5.2", drop52), "rejected:ikev1-policy");
  EXPECT_EQ(outcomeOf("4.3", drop410), "");  // 4.3 has no ikev1-policy
}

// `whack --showstates` as each version printed it.
TEST(LibreswanVersionLines, ShowStatesOfEachVersion) {
  // 4.3: "000 " codes, old story and event names.
  const char* v43 =
      "000 #1: \"gre1\":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); EVENT_SA_REKEY in 27806s; newest ISAKMP; idle;\n"
      "000 #2: \"gre1\":500 STATE_V2_ESTABLISHED_CHILD_SA (IPsec SA established); EVENT_SA_REKEY in 28047s; newest IPSEC; eroute owner; isakmp#1; idle;\n"
      "000 #2: \"gre1\" esp.9ba0c6ef@1.0.0.5 esp.da320a21@1.0.0.4 Traffic: ESPin=528B ESPout=528B! ESPmax=0B \n";
  // 4.10: "000 " codes.
  const char* v410 =
      "000 #1: \"gre1\":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); REKEY in 28529s; REPLACE in 28799s; newest; idle;\n"
      "000 #2: \"gre1\":500 STATE_V2_ESTABLISHED_CHILD_SA (established Child SA); REKEY in 28529s; REPLACE in 28799s; newest; eroute owner; IKE SA #1; idle;\n"
      "000 #2: \"gre1\" esp.4963fef5@10.0.0.1 esp.8c867e63@10.0.0.2 tun.0@10.0.0.1 tun.0@10.0.0.2 Traffic: ESPin=0B ESPout=0B ESPmax=2^63B \n";
  // 5.2: no codes, IKEv2 states without STATE_V2_; a responder's instance.
  const char* v52 =
      "#1: \"gre1\"[1] 1.0.0.4:500 ESTABLISHED_IKE_SA (established IKE SA); REKEY in 28528s; REPLACE in 28798s; newest; idle;\n"
      "#2: \"gre1\"[2] 1.0.0.4:500 ESTABLISHED_CHILD_SA (established Child SA); REKEY in 28528s; REPLACE in 28798s; newest; eroute owner; IKE SA #1; idle;\n"
      "#2: \"gre1\"[2] 1.0.0.4 esp.db6e60f7@1.0.0.4 esp.fe38e7ce@1.0.0.5 Traffic: ESPin=528B ESPout=528B ESPmax=2^63B \n";
  for (const char* text : {v43, v410, v52}) {
    auto s = lsw::statusFromShowStates(text, "gre1");
    EXPECT_TRUE(s.ikeUp) << text;
    EXPECT_TRUE(s.childUp) << text;
    EXPECT_EQ(s.detail, "IKE SA #1 STATE_V2_ESTABLISHED_IKE_SA; IPsec SA #2 STATE_V2_ESTABLISHED_CHILD_SA") << text;
  }
  // IKEv1 keeps STATE_ in 5.2 (nat-c --release A=bullseye,C=trixie: C 5.2
  // initiator, A 4.3 responder, through the NAT on 4500).
  const char* v1on52 =
      "#2: \"gre1\":4500 STATE_MAIN_I4 (ISAKMP SA established); NAT_KEEPALIVE in 19s; REPLACE in 28243s; newest; lastdpd=-1s(seq in:0 out:0); idle;\n"
      "#3: \"gre1\":4500 STATE_QUICK_I2 (IPsec SA established); REPLACE in 27919s; newest; eroute owner; ISAKMP SA #2; idle;\n"
      "#3: \"gre1\" esp.75203c31@1.0.0.4 esp.3bfa998e@10.1.0.1 Traffic: ESPin=0B ESPout=0B ESPmax=2^63B \n";
  const char* v1on43 =
      "000 #2: \"gre1\":4500 STATE_MAIN_R3 (IKE SA established); EVENT_SA_REPLACE in 28529s; newest ISAKMP; lastdpd=-1s(seq in:0 out:0); idle;\n"
      "000 #3: \"gre1\":4500 STATE_QUICK_R2 (IPsec SA established); EVENT_SA_REPLACE in 28529s; newest IPSEC; eroute owner; isakmp#2; idle;\n"
      "000 #3: \"gre1\" esp.3bfa998e@1.2.3.4 esp.75203c31@1.0.0.4 Traffic: ESPin=0B ESPout=0B! ESPmax=4194303B \n";
  EXPECT_EQ(lsw::statusFromShowStates(v1on52, "gre1").detail, "IKE SA #2 STATE_MAIN_I4; IPsec SA #3 STATE_QUICK_I2");
  EXPECT_EQ(lsw::statusFromShowStates(v1on43, "gre1").detail, "IKE SA #2 STATE_MAIN_R3; IPsec SA #3 STATE_QUICK_R2");
  EXPECT_TRUE(lsw::statusFromShowStates(v1on52, "gre1").childUp);
  EXPECT_TRUE(lsw::statusFromShowStates(v1on43, "gre1").childUp);
  // 5.2 half-way: the IKE SA waiting for IKE_AUTH's answer.
  auto half = lsw::statusFromShowStates("#1: \"gre1\":500 IKE_AUTH_I (sent IKE_AUTH request); RETRANSMIT in 1s; idle;\n", "gre1");
  EXPECT_FALSE(half.ikeUp);
  EXPECT_EQ(half.detail, "IKE SA #1 STATE_V2_IKE_AUTH_I; no IPsec SA");
}

// An unknown version runs with the newest known traits and a note naming
// what is unverified for it (shown once per run by the harness).
TEST(LibreswanVersionLines, AnUnknownVersionIsNamedUnverified) {
  const auto& table = lab::ike::implementation("libreswan").outcomeTable();
  EXPECT_EQ(table.unverifiedNote("libreswan", "5.2"), "");
  const auto note = table.unverifiedNote("libreswan", "5.3");
  EXPECT_NE(note.find("libreswan 5.3: outcome matchers verified on 4.3, 4.10, 5.2 only; unverified for 5.3: "),
            std::string::npos) << note;
  EXPECT_NE(note.find("rejected:ikev1-policy"), std::string::npos) << note;
  EXPECT_NE(note.find("no-response"), std::string::npos) << note;
  const auto old = table.unverifiedNote("libreswan", "3.32");
  EXPECT_NE(old.find("unverified for 3.32"), std::string::npos) << old;
  EXPECT_EQ(old.find("rejected:ikev1-policy"), std::string::npos) << old;  // 3.32 has no ikev1-policy
  EXPECT_NE(old.find("peer-id-mismatch"), std::string::npos) << old;
  const auto t = lsw::traitsOf("5.3");
  EXPECT_TRUE(t.keyexchangeNamesVersion);
  EXPECT_TRUE(t.dropsIkev1ByDefault);
  const auto t3 = lsw::traitsOf("3.32");
  EXPECT_FALSE(t3.ikev2ByDefault);
  EXPECT_FALSE(t3.knowsIkev1Policy);
}

// The explanation names who chose drop and this version's IKEv2 keyword.
TEST(LibreswanVersionLines, Ikev1RefusalIsExplainedInEachVersionsTerms) {
  const auto& lsw = lab::ike::implementation("libreswan");
  EXPECT_EQ(lsw.explainIkev1Refused("4.3"), "");
  const auto v410 = lsw.explainIkev1Refused("4.10");
  EXPECT_NE(v410.find("Debian's build"), std::string::npos) << v410;
  EXPECT_NE(v410.find("ikev2=yes"), std::string::npos) << v410;
  const auto v52 = lsw.explainIkev1Refused("5.2");
  EXPECT_NE(v52.find("libreswan 5's default"), std::string::npos) << v52;
  EXPECT_NE(v52.find("keyexchange=ikev2"), std::string::npos) << v52;
}

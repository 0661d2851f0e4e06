// Outcome tables on the installed daemons' real log lines, explanations of
// what each side declared and expected, and the XFRM/wire cross-check.
#include <gtest/gtest.h>

#include "harness/assert/explain.h"
#include "harness/assert/xfrm_check.h"
#include "lab/ike/implementation.h"
#include "lab/ike/registry.h"

using namespace harness::assert;
using lab::ike::OutcomeEvent;

namespace {

const std::string kVersion[] = {"4.10", "5.9.8"};

std::string first(const std::string& daemon, const std::string& line) {
  const auto& impl = lab::ike::implementation(daemon);
  auto ev = lab::ike::matchOutcomes(impl, "A", daemon == "libreswan" ? kVersion[0] : kVersion[1], {line});
  return ev.empty() ? "" : ev[0].outcome;
}

EndView end(const std::string& host, const std::string& daemon, const std::string& nic,
            std::optional<std::string> pub = std::nullopt) {
  EndView e;
  e.host = host;
  e.impl = &lab::ike::implementation(daemon);
  e.version = daemon == "libreswan" ? kVersion[0] : kVersion[1];
  e.nicAddress = nic;
  e.publicAddress = std::move(pub);
  return e;
}

OutcomeEvent event(const std::string& host, const std::string& outcome) {
  OutcomeEvent e;
  e.host = host;
  e.daemon = "libreswan";
  e.outcome = outcome;
  e.line = "line";
  e.terminal = true;
  return e;
}

}  // namespace

TEST(IkeOutcomes, LibreswanLinesMapToOutcomes) {
  // Lines as libreswan 4.10 printed them in this lab.
  EXPECT_EQ(first("libreswan", "\"gre1\": failed to add IKEv1 connection: global ikev1-policy does not allow IKEv1 connections"),
            "rejected:ikev1-policy");
  EXPECT_EQ(first("libreswan", "022 \"gre1\": we cannot identify ourselves with either end of this connection.  1.2.3.4 or 1.0.0.4 are not usable"),
            "rejected:cannot-identify-ourselves");
  EXPECT_EQ(first("libreswan", "\"gre1\" #2: sending encrypted notification INVALID_ID_INFORMATION to 1.2.3.4:4500"),
            "notify:INVALID_ID_INFORMATION");
  EXPECT_EQ(first("libreswan", "\"gre1\" #2: Peer ID '10.1.0.1' mismatched on first found connection and no better connection found"),
            "peer-id-mismatch");
  EXPECT_EQ(first("libreswan", "\"gre1\" #1: IKE SA authentication request rejected by peer: AUTHENTICATION_FAILED"),
            "notify:AUTHENTICATION_FAILED");
  EXPECT_EQ(first("libreswan", "\"gre1\" #1: authentication failed: computed hash does not match hash received from peer ID_IPV4_ADDR '1.0.0.4'"),
            "auth-mismatch");
  EXPECT_EQ(first("libreswan", "\"gre1\" #8: No IKEv2 connection found with compatible Traffic Selectors"),
            "notify:TS_UNACCEPTABLE");
  EXPECT_EQ(first("libreswan", "ERROR: \"gre1\" #2: netlink response for Add SA esp.1@1.0.0.4: Function not implemented (errno 38)"),
            "kernel-refused-sa");
  EXPECT_EQ(first("libreswan", "\"gre1\" #1: initiating IKEv2 connection"), "");
}

TEST(IkeOutcomes, StrongswanLinesMapToOutcomes) {
  EXPECT_EQ(first("strongswan", "09[IKE] received AUTHENTICATION_FAILED notify error"), "notify:AUTHENTICATION_FAILED");
  EXPECT_EQ(first("strongswan", "09[CFG] no matching peer config found"), "peer-id-mismatch");
  EXPECT_EQ(first("strongswan", "12[IKE] unable to add SAD entry with SPI c1 (FAILED)"), "kernel-refused-sa");
  EXPECT_EQ(first("strongswan", "10[NET] error writing to socket: Network is unreachable"),
            "rejected:cannot-identify-ourselves");
}

TEST(IkeOutcomes, AliasesAndVersions) {
  auto ids = lab::ike::expandOutcome("id-rejected");
  EXPECT_EQ(ids.front(), "notify:INVALID_ID_INFORMATION");
  EXPECT_EQ(lab::ike::expandOutcome("notify:X"), std::vector<std::string>{"notify:X"});
  EXPECT_TRUE(lab::ike::implementation("libreswan").outcomeTable().verified("4.10"));
  EXPECT_TRUE(lab::ike::implementation("libreswan").outcomeTable().verified("5.2"));
  EXPECT_FALSE(lab::ike::implementation("libreswan").outcomeTable().verified("5.3"));
  EXPECT_TRUE(lab::ike::implementation("strongswan").outcomeTable().verified("5.9.8"));
}

TEST(IkeOutcomes, EventsNameTheConnectionTheLineIsAbout) {
  const auto& lsw = lab::ike::implementation("libreswan");
  auto ev = lab::ike::matchOutcomes(lsw, "A", "4.10",
                                    {"Dec  3 21:10:58.123456: \"a-c\" #2: sending encrypted notification "
                                     "INVALID_ID_INFORMATION to 1.2.3.4:4500",
                                     "Dec  3 21:10:58.2: \"a-b\"[1] 1.0.0.5 #3: No IKEv2 connection found with "
                                     "compatible Traffic Selectors",
                                     "packet from 1.2.3.4:500: NO_PROPOSAL_CHOSEN"});
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[0].conn, "a-c");
  EXPECT_EQ(ev[1].conn, "a-b");
  EXPECT_EQ(ev[2].conn, "");
  EXPECT_EQ(ev[0].version, "4.10");
  auto sw = lab::ike::matchOutcomes(lab::ike::implementation("strongswan"), "A", "5.9.8",
                                    {"09[IKE] <a-c|4> received AUTHENTICATION_FAILED notify error"});
  ASSERT_EQ(sw.size(), 1u);
  EXPECT_EQ(sw[0].conn, "a-c");
}

TEST(IkeOutcomes, ARuleHoldsOnlyForItsVersions) {
  lab::ike::OutcomeTable t{{"1.0"}, {{"old-line", "gone in 2", true, "", {"", "1.9"}}, {"any", "line", true, ""}}};
  ASSERT_NE(lab::ike::firstMatch(t, "1.5", "gone in 2 line"), nullptr);
  EXPECT_EQ(lab::ike::firstMatch(t, "1.5", "gone in 2 line")->outcome, "old-line");
  EXPECT_EQ(lab::ike::firstMatch(t, "2.0", "gone in 2 line")->outcome, "any");
  EXPECT_EQ(lab::ike::firstMatch(t, "", "gone in 2 line")->outcome, "any");  // unknown: bounded rules stand aside
}

TEST(Explain, NattedServerWithoutLeftidGetsTheFixInEachSyntax) {
  EndView a = end("A", "libreswan", "1.0.0.4");
  a.conn.name = "gre1";
  a.conn.left = "1.0.0.4";
  a.conn.right = "1.2.3.4";
  EndView c = end("C", "libreswan", "10.1.0.1", "1.2.3.4");
  c.conn.name = "gre1";
  c.conn.left = "%defaultroute";
  c.conn.right = "1.0.0.4";
  std::vector<OutcomeEvent> ev{event("A", "notify:INVALID_ID_INFORMATION")};
  auto why = explain(ev, a, c);
  EXPECT_NE(why.find("C declares ID 10.1.0.1"), std::string::npos) << why;
  EXPECT_NE(why.find("A expects 1.2.3.4"), std::string::npos) << why;
  EXPECT_NE(why.find("leftid=1.2.3.4 in conn gre1 on C"), std::string::npos) << why;
  c.impl = &lab::ike::implementation("strongswan");
  why = explain(ev, a, c);
  EXPECT_NE(why.find("local { id = 1.2.3.4 }"), std::string::npos) << why;
  c.conn.leftid = "1.2.3.4";  // fixed: nothing left to explain about IDs
  EXPECT_EQ(explain(ev, a, c), "");
  std::vector<OutcomeEvent> left{event("C", "rejected:cannot-identify-ourselves")};
  c.impl = &lab::ike::implementation("libreswan");
  c.conn.left = "1.2.3.4";
  why = explain(left, a, c);
  EXPECT_NE(why.find("left=%defaultroute and leftid=1.2.3.4 on C"), std::string::npos) << why;
}

TEST(Explain, Ikev1RefusedByPolicyIsExplainedForTheVersionThatRefuses) {
  EndView a = end("A", "libreswan", "1.0.0.4"), b = end("B", "libreswan", "1.0.0.5");
  std::vector<OutcomeEvent> ev{event("A", "rejected:ikev1-policy")};
  auto why = explain(ev, a, b);
  EXPECT_NE(why.find("ikev1-policy=accept"), std::string::npos) << why;
  a.version = "4.3";  // before Debian dropped IKEv1 by default
  EXPECT_EQ(explain(ev, a, b).find("ikev1-policy=accept"), std::string::npos);
}

TEST(XfrmCheck, KernelCountersMustEqualTheEspSeen) {
  harness::capture::XfrmSaCounters sa;
  sa.proto = "esp";
  sa.spi = 0x1234;
  sa.packets = 9;
  harness::capture::DecodedPacket esp;
  esp.espSpi = 0x1234;
  harness::capture::DecodedPacket other;
  std::vector<std::vector<harness::capture::DecodedPacket>> links{{esp, esp, other}, {esp, esp, esp, esp}};
  auto ok = crossCheckXfrm({sa}, {{0x1234, 5}}, links);  // 9 - 5 = 4, seen 4 on the second link
  EXPECT_TRUE(ok.pass) << ok.detail;
  EXPECT_EQ(ok.sas, 1);
  auto bad = crossCheckXfrm({sa}, {}, links);  // 9 counted, 4 seen
  EXPECT_FALSE(bad.pass);
  EXPECT_NE(bad.detail.find("MISMATCH SPI 0x00001234"), std::string::npos) << bad.detail;
}

// harness/scenario: the ipsec: section, per-stage set:/config:/fault:, and
// the tunnel:/ike: checks — what they parse into and the errors they report.
#include <gtest/gtest.h>

#include "harness/scenario/parser.h"

using harness::IkeCheck;
using harness::ScenarioSpec;
using harness::TunnelCheck;
using harness::scenario::ScenarioError;
using harness::scenario::ScenarioParseError;
using harness::scenario::parseScenario;

namespace {

const std::string kTopo =
    "name: t\n"
    "segments:\n"
    "  wan: { subnet: 1.0.0.0/24, gateway: 1.0.0.1 }\n"
    "hosts:\n"
    "  A: { segment: wan, address: 1.0.0.4 }\n"
    "  B: { segment: wan, address: 1.0.0.5 }\n"
    "tunnels:\n"
    "  gre1: { type: gre, between: [A, B], inner: [10.0.0.1/30, 10.0.0.2/30] }\n";  // 8 lines

std::vector<ScenarioError> errorsOf(const std::string& yaml) {
  try {
    parseScenario(yaml, "t.yaml");
  } catch (const ScenarioParseError& e) {
    return e.errors;
  }
  ADD_FAILURE() << "no error for:\n" << yaml;
  return {};
}

const ScenarioError* at(const std::vector<ScenarioError>& errs, const std::string& path) {
  for (const auto& e : errs)
    if (e.yamlPath == path) return &e;
  std::string all;
  for (const auto& e : errs) all += e.format() + "\n";
  ADD_FAILURE() << "no error at " << path << ":\n" << all;
  return nullptr;
}

}  // namespace

TEST(ScenarioIpsec, ParsesTheConnectionStagesAndChecks) {
  ScenarioSpec s = parseScenario(kTopo +
                                     "ipsec: { between: [A, B], mode: gre-over-ipsec, gre: gre1, ike: 1, auth: rsa,\n"
                                     "         daemon: { A: libreswan, B: strongswan }, initiator: B }\n"
                                     "stages:\n"
                                     "  - name: s\n"
                                     "    set: { B: { left: \"%defaultroute\", leftid: 1.2.3.4 } }\n"
                                     "    fault: { block-ike: A }\n"
                                     "    checks:\n"
                                     "      - ike: { at: B, outcome: id-rejected, timeout: 3 }\n"
                                     "      - tunnel: down\n"
                                     "      - tunnel: { state: up, timeout: 8 }\n",
                                 "t.yaml");
  ASSERT_TRUE(s.ipsec);
  ASSERT_EQ(s.ipsec->conns.size(), 1u);
  const auto& c = s.ipsec->conns[0];
  EXPECT_EQ(c.name, "gre1");  // the single form: named after its tunnel
  EXPECT_EQ(c.tunnel, "gre1");
  EXPECT_EQ(c.ikeVersion, 1);
  EXPECT_TRUE(c.ikeStated);
  EXPECT_EQ(c.auth, lab::ike::Auth::Rsa);
  EXPECT_EQ(s.ipsec->daemons.at("A"), "libreswan");
  EXPECT_EQ(s.ipsec->daemons.at("B"), "strongswan");
  EXPECT_EQ(c.initiator, "B");
  const auto& st = s.stages.at(0);
  EXPECT_EQ(*st.set.at("gre1").at("B").leftid, "1.2.3.4");
  EXPECT_EQ(st.fault.blockIke, "A");
  const auto& ike = std::get<IkeCheck>(st.checks.at(0).check);
  EXPECT_EQ(ike.at, "B");
  EXPECT_EQ(ike.outcome, "id-rejected");
  EXPECT_DOUBLE_EQ(ike.timeoutSec, 3);
  EXPECT_FALSE(std::get<TunnelCheck>(st.checks.at(1).check).up);
  EXPECT_DOUBLE_EQ(std::get<TunnelCheck>(st.checks.at(2).check).timeoutSec, 8);
  EXPECT_EQ(st.checks.at(0).describe(), "ike id-rejected at B");
}

TEST(ScenarioIpsec, ErrorsNameThePlaceAndSuggest) {
  auto errs = errorsOf(kTopo +
                       "ipsec: { between: [A, C], mode: gre-over-ipsc, gre: gre2, daemon: libreswn }\n"  // 9
                       "stages:\n"
                       "  - name: s\n"
                       "    checks:\n"
                       "      - tunnel: sideways\n");
  auto* host = at(errs, "ipsec.between[1]");
  ASSERT_NE(host, nullptr);
  EXPECT_EQ(host->line, 9);
  EXPECT_NE(host->message.find("unknown host 'C'"), std::string::npos);
  auto* mode = at(errs, "ipsec.mode");
  ASSERT_NE(mode, nullptr);
  EXPECT_NE(mode->hint.find("gre-over-ipsec"), std::string::npos) << mode->format();
  auto* daemon = at(errs, "ipsec.daemon");
  ASSERT_NE(daemon, nullptr);
  EXPECT_NE(daemon->hint.find("libreswan"), std::string::npos) << daemon->format();
  auto* gre = at(errs, "ipsec.gre");
  ASSERT_NE(gre, nullptr);
  EXPECT_NE(gre->message.find("unknown tunnel 'gre2'"), std::string::npos);
}

TEST(ScenarioIpsec, ChecksAndStageKeysNeedTheSectionAndItsEnds) {
  auto none = errorsOf(kTopo +
                       "stages:\n"                                   // 9
                       "  - name: s\n"                               // 10
                       "    set: { A: { leftid: 1.2.3.4 } }\n"       // 11
                       "    checks:\n"                               // 12
                       "      - tunnel: up\n"                        // 13
                       "      - ike: { outcome: established }\n");   // 14
  auto* set = at(none, "stages[0].set");
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->line, 11);
  EXPECT_NE(set->message.find("no ipsec: section"), std::string::npos);
  EXPECT_NE(at(none, "stages[0].checks[0].tunnel"), nullptr);
  EXPECT_NE(at(none, "stages[0].checks[1].ike"), nullptr);

  auto ends = errorsOf(kTopo +
                       "ipsec: { between: [A, B], mode: ipsec-over-gre, gre: gre1 }\n"
                       "stages:\n"
                       "  - name: s\n"
                       "    set: { Z: { leftid: x } }\n"
                       "    fault: { kill-daemon: Q }\n"
                       "    config: { A: \"left=1.0.0.4\" }\n"
                       "    checks:\n"
                       "      - ike: { outcome: id-rejectd }\n");
  EXPECT_NE(at(ends, "stages[0].set.Z"), nullptr);
  EXPECT_NE(at(ends, "stages[0].fault.kill-daemon"), nullptr);
  auto* cfg = at(ends, "stages[0].config.A");
  ASSERT_NE(cfg, nullptr);
  EXPECT_NE(cfg->message.find("not a connection labrun can run"), std::string::npos) << cfg->format();
  EXPECT_NE(cfg->message.find("ipsec.conf"), std::string::npos) << cfg->format();
  auto* outcome = at(ends, "stages[0].checks[0].ike.outcome");
  ASSERT_NE(outcome, nullptr);
  EXPECT_NE(outcome->hint.find("id-rejected"), std::string::npos) << outcome->format();
}

namespace {

// A, B and NAT'd-free C: one daemon on A with two connections.
const std::string kThree =
    "name: t\n"
    "segments:\n"
    "  wan: { subnet: 1.0.0.0/24, gateway: 1.0.0.1 }\n"
    "hosts:\n"
    "  A: { segment: wan, address: 1.0.0.4 }\n"
    "  B: { segment: wan, address: 1.0.0.5 }\n"
    "  C: { segment: wan, address: 1.0.0.6 }\n"
    "tunnels:\n"
    "  gre1: { type: gre, between: [A, B], inner: [10.0.0.1/30, 10.0.0.2/30] }\n"
    "  gre2: { type: gre, between: [A, C], inner: [10.0.1.1/30, 10.0.1.2/30] }\n";  // 10 lines

}  // namespace

TEST(ScenarioIpsec, SeveralConnectionsShareAHostsDaemon) {
  ScenarioSpec s = parseScenario(kThree +
                                     "ipsec:\n"
                                     "  a-b: { between: [A, B], mode: gre-over-ipsec, tunnel: gre1, daemon: strongswan }\n"
                                     "  a-c: { between: [A, C], mode: gre-over-ipsec, tunnel: gre2, ike: 1, initiator: C }\n"
                                     "stages:\n"
                                     "  - name: s\n"
                                     "    set: { C: { leftid: 1.0.0.6 }, a-b: { A: { rightid: 1.0.0.5 } } }\n"
                                     "    mode: { a-b: ipsec-over-gre }\n"
                                     "    checks:\n"
                                     "      - tunnel: { conn: a-c, state: up }\n"
                                     "      - ike: { conn: a-b, at: B, outcome: established }\n"
                                     "      - tunnel: up\n",
                                 "t.yaml");
  ASSERT_EQ(s.ipsec->conns.size(), 2u);
  EXPECT_EQ(s.ipsec->hosts(), (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(s.ipsec->connsOf("A").size(), 2u);
  EXPECT_EQ(s.ipsec->daemons.at("A"), "strongswan");  // stated once, on a-b
  EXPECT_EQ(s.ipsec->daemons.at("C"), "libreswan");   // the default
  EXPECT_EQ(s.ipsec->conn("a-c")->ikeVersion, 1);
  const auto& st = s.stages.at(0);
  EXPECT_EQ(*st.set.at("a-c").at("C").leftid, "1.0.0.6");  // C has one connection: a-c
  EXPECT_EQ(*st.set.at("a-b").at("A").rightid, "1.0.0.5");
  EXPECT_EQ(st.mode.at("a-b"), lab::ike::Mode::IpsecOverGre);
  EXPECT_EQ(std::get<TunnelCheck>(st.checks.at(0).check).conn, "a-c");
  EXPECT_EQ(std::get<IkeCheck>(st.checks.at(1).check).conn, "a-b");
  EXPECT_EQ(std::get<TunnelCheck>(st.checks.at(2).check).conn, "");
}

TEST(ScenarioIpsec, SeveralConnectionsNeedClearAddresses) {
  auto errs = errorsOf(kThree +
                       "ipsec:\n"                                                                      // 11
                       "  a-b: { between: [A, B], mode: gre-over-ipsec, tunnel: gre1, daemon: strongswan }\n"  // 12
                       "  a-c: { between: [A, C], mode: gre-over-ipsec, tunnel: gre2, daemon: libreswan }\n"   // 13
                       "stages:\n"                                                                     // 14
                       "  - name: s\n"                                                                 // 15
                       "    set: { A: { leftid: x } }\n"                                               // 16
                       "    checks:\n"                                                                 // 17
                       "      - tunnel: { conn: a-d, state: up }\n");                                  // 18
  auto* daemon = at(errs, "ipsec.a-c.daemon");
  ASSERT_NE(daemon, nullptr);
  EXPECT_EQ(daemon->line, 13);
  EXPECT_NE(daemon->message.find("A runs one IKE daemon for all its connections"), std::string::npos)
      << daemon->format();
}

TEST(ScenarioIpsec, StageAddressesOfAHostWithSeveralConnectionsNameTheConnection) {
  auto errs = errorsOf(kThree +
                       "ipsec:\n"
                       "  a-b: { between: [A, B], mode: gre-over-ipsec, tunnel: gre1 }\n"
                       "  a-c: { between: [A, C], mode: gre-over-ipsec, tunnel: gre2 }\n"
                       "stages:\n"
                       "  - name: s\n"
                       "    set: { A: { leftid: x } }\n"  // 16
                       "    checks:\n"
                       "      - tunnel: { conn: a-d, state: up }\n");  // 18
  auto* set = at(errs, "stages[0].set.A");
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->line, 16);
  EXPECT_NE(set->message.find("A is an end of several connections (a-b, a-c)"), std::string::npos) << set->format();
  EXPECT_NE(set->hint.find("set: { a-b: { A: ... } }"), std::string::npos) << set->format();
  auto* conn = at(errs, "stages[0].checks[0].tunnel.conn");
  ASSERT_NE(conn, nullptr);
  EXPECT_NE(conn->message.find("unknown connection 'a-d' (connections: a-b, a-c)"), std::string::npos);
  EXPECT_NE(conn->hint.find("a-b"), std::string::npos) << conn->format();
}

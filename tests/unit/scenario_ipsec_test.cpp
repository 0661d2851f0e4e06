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
  EXPECT_EQ(s.ipsec->ikeVersion, 1);
  EXPECT_TRUE(s.ipsec->ikeStated);
  EXPECT_EQ(s.ipsec->auth, lab::ike::Auth::Rsa);
  EXPECT_EQ(s.ipsec->daemons[1], "strongswan");
  EXPECT_EQ(s.ipsec->initiator, "B");
  const auto& st = s.stages.at(0);
  EXPECT_EQ(*st.set.at("B").leftid, "1.2.3.4");
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
  EXPECT_NE(cfg->message.find("not a libreswan conn block"), std::string::npos) << cfg->format();
  auto* outcome = at(ends, "stages[0].checks[0].ike.outcome");
  ASSERT_NE(outcome, nullptr);
  EXPECT_NE(outcome->hint.find("id-rejected"), std::string::npos) << outcome->format();
}

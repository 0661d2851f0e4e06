// scenarios/article.yaml: the article's lab in one run — A talks to B and to
// NAT'd C at once from one daemon with two conns, then A-B switches to IPsec
// over GRE while A-C stays up. strongSwan with RSA on A is the case where one
// conn's loading used to drop the other's raw public keys.
#include <gtest/gtest.h>

#include "harness/report/json_report.h"
#include "labrun_cli.h"

using namespace labrun_test;

namespace {

struct Case {
  std::string ike;
  std::string auth;
};

void PrintTo(const Case& c, std::ostream* os) { *os << "article --ike " << c.ike << " --auth " << c.auth; }

class Article : public ::testing::TestWithParam<Case> {};

TEST_P(Article, BothConnsUpAtOnceThenTheModeSwitch) {
  const auto& [ike, auth] = GetParam();
  const std::string lab = "it-art-" + ike.substr(0, 3) + "-" + auth;
  const auto json = scratchFile(lab + ".json");
  auto r = labrun({"scenario", "article", "--ike", ike, "--auth", auth, "--ikev", "2", "--lab", lab, "--json",
                   json.string()});
  ASSERT_EQ(r.exitCode, 0) << r.out;
  const auto result = harness::report::readJson(json);
  EXPECT_TRUE(result.error.empty()) << result.error;
  for (const auto& c : result.checks)
    EXPECT_EQ(c.verdict, harness::Verdict::Pass) << c.stage << ": " << c.check << "\n" << c.detail;
  // Both conns judged in both stages, by name; each link's wire only ESP, carrying what the article says.
  for (const std::string stage : {"both gre over ipsec", "a-b switches to ipsec over gre"}) {
    EXPECT_NE(findCheck(result, stage, "tunnel a-b up"), nullptr) << stage;
    EXPECT_NE(findCheck(result, stage, "tunnel a-c up"), nullptr) << stage;
  }
  EXPECT_NE(findCheck(result, "both gre over ipsec", "wire B:eth0 shows ip/esp[gre/ip/icmp], never gre,icmp"), nullptr);
  EXPECT_NE(findCheck(result, "both gre over ipsec", "wire nat-c:outside shows udp4500-esp"), nullptr);
  EXPECT_NE(findCheck(result, "a-b switches to ipsec over gre", "wire B:eth0 shows ip/gre/ip/esp[ip/icmp]"), nullptr);
  EXPECT_TRUE(labNamespaces(lab).empty());
}

// A-C fails with TS_UNACCEPTABLE in stage 1 (listed unsupported: strongSwan
// A, libreswan C, IKEv2 through the NAT). Stage 2 changes only A-B: A-C is
// not renegotiated, so its tunnel check fails at once with the outcome its
// negotiation logged in stage 1, instead of waiting its 15 s out for a line
// that never comes; A-B still comes up in both stages.
TEST(ArticleUnchangedConn, AFailedConnTheStageLeavesAloneFailsAtOnceWithItsEarlierOutcome) {
  const std::string lab = "it-art-kept";
  const auto json = scratchFile(lab + ".json");
  auto r = labrun({"scenario", "article", "--ike", "A=strongswan,B=libreswan,C=libreswan", "--auth", "psk", "--ikev",
                   "2", "--lab", lab, "--json", json.string()});
  ASSERT_EQ(r.exitCode, 1) << r.out;
  const auto result = harness::report::readJson(json);
  for (const std::string stage : {"both gre over ipsec", "a-b switches to ipsec over gre"}) {
    const auto* ab = findCheck(result, stage, "tunnel a-b up");
    ASSERT_NE(ab, nullptr) << stage;
    EXPECT_EQ(ab->verdict, harness::Verdict::Pass) << stage << "\n" << ab->detail;
    const auto* ac = findCheck(result, stage, "tunnel a-c up");
    ASSERT_NE(ac, nullptr) << stage;
    EXPECT_EQ(ac->verdict, harness::Verdict::Fail) << stage;
    EXPECT_NE(ac->detail.find("notify:TS_UNACCEPTABLE at C"), std::string::npos) << stage << "\n" << ac->detail;
  }
  const auto* later = findCheck(result, "a-b switches to ipsec over gre", "tunnel a-c up");
  EXPECT_NE(later->detail.find("unchanged by this stage, not renegotiated: a-c"), std::string::npos) << later->detail;
  EXPECT_LT(later->seconds, 15.0) << "waited out the tunnel check's 15 s timeout:\n" << later->detail;
  EXPECT_TRUE(labNamespaces(lab).empty());
}

INSTANTIATE_TEST_SUITE_P(Pairings, Article,
                         ::testing::Values(Case{"libreswan", "psk"}, Case{"strongswan", "rsa"}),
                         [](const auto& info) { return info.param.ike + "_" + info.param.auth; });

}  // namespace

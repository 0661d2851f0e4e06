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

INSTANTIATE_TEST_SUITE_P(Pairings, Article,
                         ::testing::Values(Case{"libreswan", "psk"}, Case{"strongswan", "rsa"}),
                         [](const auto& info) { return info.param.ike + "_" + info.param.auth; });

}  // namespace

// nat-c, the command users come for: the article's three stages for every
// pairing and IKE version, nat-both, IPsec over GRE across the NAT, and
// bring-your-own config (the article's own conns, and labrun reproduce).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness/matrix/known_unsupported.h"
#include "harness/scenario/overrides.h"
#include "lab/ike/registry.h"
#include "harness/report/json_report.h"
#include "labrun_cli.h"

namespace fs = std::filesystem;
using namespace labrun_test;

namespace {

harness::RunResult runOk(const std::vector<std::string>& args, const std::string& name) {
  const auto json = scratchFile(name + ".json");
  std::vector<std::string> a = args;
  a.insert(a.end(), {"--json", json.string()});
  auto r = labrun(a);
  EXPECT_EQ(r.exitCode, 0) << r.out;
  auto result = harness::report::readJson(json);
  EXPECT_TRUE(result.error.empty()) << result.error;
  for (const auto& c : result.checks)
    EXPECT_EQ(c.verdict, harness::Verdict::Pass) << c.stage << ": " << c.check << "\n" << c.detail;
  return result;
}

struct Case {
  std::string pair, ikev;
};
void PrintTo(const Case& c, std::ostream* os) { *os << "nat-c --ike " << c.pair << " --ikev " << c.ikev; }

// Combinations the installed daemons cannot bring up through the NAT, and
// why (harness/matrix/known_unsupported.cpp); the reason is the skip message.
std::string unsupported(const Case& c) {
  harness::matrix::MatrixCase m;
  m.scenario = "nat-c";
  m.pairing = c.pair;
  m.ikeVersion = std::stoi(c.ikev);
  m.auth = "rsa";
  // The daemons this test runs: the machine's own (entries are keyed by version).
  std::vector<harness::DaemonInfo> daemons;
  for (const auto& [host, impl] : harness::scenario::parseIkeAssignment(c.pair)) {
    const auto& i = lab::ike::implementation(impl);
    daemons.push_back({host, std::string(i.displayName()), i.installedVersion(), "", "", "", ""});
  }
  auto u = harness::matrix::knownUnsupported(m, daemons);
  return u ? u->reason : "";
}

}  // namespace

class NatC : public ::testing::TestWithParam<Case> {};

TEST_P(NatC, ThreeStagesFailThenTheFixWorks) {
  const Case& c = GetParam();
  if (auto why = unsupported(c); !why.empty()) {
    // Listed as unsupported: stages 1 and 2 still show the article's
    // failures, and stage 3 fails with the reason the table gives. Passing
    // would make the entry stale (the matrix says so too).
    SCOPED_TRACE(why);
    const auto json = scratchFile("natc-unsupported.json");
    auto run = labrun({"scenario", "nat-c", "--ike", c.pair, "--ikev", c.ikev, "--lab", "it-natc", "--json",
                       json.string()});
    EXPECT_EQ(run.exitCode, 1) << run.out;
    auto r = harness::report::readJson(json);
    EXPECT_TRUE(r.error.empty()) << r.error;
    bool namedReason = false;
    for (const auto& ch : r.checks) {
      if (ch.stage == "leftid fixes it") {
        if (ch.verdict == harness::Verdict::Fail && ch.detail.find("TS_UNACCEPTABLE") != std::string::npos)
          namedReason = true;
      } else {
        EXPECT_EQ(ch.verdict, harness::Verdict::Pass) << ch.stage << ": " << ch.check << "\n" << ch.detail;
      }
    }
    EXPECT_TRUE(namedReason) << "stage 3 should fail with TS_UNACCEPTABLE:\n" << run.out;
    EXPECT_TRUE(labNamespaces("it-natc").empty());
    return;
  }
  auto r = runOk({"scenario", "nat-c", "--ike", c.pair, "--ikev", c.ikev, "--lab", "it-natc"}, "natc");
  const auto* s1 = findCheck(r, "left is the public address", "ike cannot-identify-ourselves");
  ASSERT_NE(s1, nullptr);
  const auto* s2 = findCheck(r, "no leftid", "ike id-rejected");
  ASSERT_NE(s2, nullptr);
  // The table names the notification that was really seen.
  const bool libreswanA = c.pair == "libreswan" || c.pair.rfind("A=libreswan", 0) == 0;
  // A, the initiator of stage 2 (as in the article), rejects C's ID:
  // libreswan's IKEv1 Main Mode sends INVALID_ID_INFORMATION; a strongSwan
  // IKEv2 initiator is told AUTHENTICATION_FAILED by its strongSwan peer;
  // otherwise A logs the mismatch itself (peer-id-mismatch).
  const bool strongswanBoth = c.pair == "strongswan";
  const std::string expected = c.ikev == "1" && libreswanA    ? "notify:INVALID_ID_INFORMATION at A"
                               : c.ikev == "2" && strongswanBoth ? "notify:AUTHENTICATION_FAILED at A"
                                                                 : "peer-id-mismatch at A";
  EXPECT_NE(s2->check.find(expected), std::string::npos) << s2->check;
  EXPECT_LT(s2->seconds, 5) << "a failure verdict comes from the event, not from a timeout";
  // The fix, explained in C's daemon's own syntax.
  const bool strongswanC = c.pair == "strongswan" || c.pair.find("C=strongswan") != std::string::npos;
  EXPECT_NE(s2->detail.find(strongswanC ? "local { id = 1.2.3.4 }" : "leftid=1.2.3.4"), std::string::npos)
      << s2->detail;
  ASSERT_NE(findCheck(r, "leftid fixes it", "wire nat-c:outside shows udp4500-esp"), nullptr);
  EXPECT_TRUE(labNamespaces("it-natc").empty());
}

INSTANTIATE_TEST_SUITE_P(Pairings, NatC,
                         ::testing::Values(Case{"libreswan", "1"}, Case{"libreswan", "2"}, Case{"strongswan", "1"},
                                           Case{"strongswan", "2"}, Case{"A=libreswan,C=strongswan", "1"},
                                           Case{"A=libreswan,C=strongswan", "2"}, Case{"A=strongswan,C=libreswan", "1"},
                                           Case{"A=strongswan,C=libreswan", "2"}),
                         [](const auto& info) {
                           std::string n = info.param.pair + "_v" + info.param.ikev;
                           for (auto& ch : n)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

TEST(NatScenarios, NatBothNeedsIdsOnBothSides) {
  auto r = runOk({"scenario", "nat-both", "--lab", "it-natb"}, "natb");
  EXPECT_NE(findCheck(r, "leftid on C only", "ike id-rejected"), nullptr);
  EXPECT_NE(findCheck(r, "ids on both", "wire nat-a:outside shows udp4500-esp"), nullptr);
}

TEST(NatScenarios, IpsecOverGreAcrossTheNatNeedsNoLeftid) {
  auto r = runOk({"scenario", "nat-c-ipsec-over-gre", "--lab", "it-natg"}, "natg");
  EXPECT_NE(findCheck(r, "no leftid needed", "wire nat-c:outside shows ip/gre/ip/esp"), nullptr);
}

TEST(BringYourOwnConfig, TheArticlesOwnConnsReproduceTheThreeStages) {
  auto r = runOk({"scenario", "nat-c-article", "--lab", "it-art"}, "art");
  const auto* s2 = findCheck(r, "private address, no leftid", "ike id-rejected");
  ASSERT_NE(s2, nullptr);
  EXPECT_NE(s2->check.find("INVALID_ID_INFORMATION"), std::string::npos) << s2->check;
}

TEST(BringYourOwnConfig, ReproduceExplainsDebiansIkev1Policy) {
  const auto conf = scratchFile("c.conf");
  std::ofstream(conf) << "conn gre1\n left=%defaultroute\n right=1.0.0.4\n leftid=1.2.3.4\n authby=rsasig\n"
                         " auto=start\n leftprotoport=gre\n rightprotoport=gre\n type=transport\n ikev2=no\n"
                         " leftrsasigkey=0sAQPiT6xb......\n rightrsasigkey=0sAQOcq+xz......\n";
  const auto json = scratchFile("rep.json");
  auto r = labrun({"reproduce", "--host", "C=" + conf.string(), "--lab", "it-rep", "--json", json.string()});
  EXPECT_EQ(r.exitCode, 1) << r.out;
  EXPECT_NE(r.out.find("drops IKEv1 unless config setup has ikev1-policy=accept"), std::string::npos) << r.out;
  auto result = harness::report::readJson(json);
  const auto* up = findCheck(result, "your config", "tunnel up");
  ASSERT_NE(up, nullptr);
  EXPECT_EQ(up->verdict, harness::Verdict::Fail);
  EXPECT_NE(up->detail.find("rejected:ikev1-policy at C"), std::string::npos) << up->detail;
  EXPECT_NE(up->detail.find("ikev1-policy=accept"), std::string::npos) << up->detail;
  EXPECT_LT(up->seconds, 5);
  EXPECT_TRUE(labNamespaces("it-rep").empty());
}

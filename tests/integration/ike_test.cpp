// The heart of it: GRE over IPsec and IPsec over GRE with the real daemons,
// every pairing x IKE version x auth, judged on the wire; faults that must end
// in a clear verdict fast; and the host kernel exercising IKE without ESP.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness/report/json_report.h"
#include "labrun_cli.h"

namespace fs = std::filesystem;
using namespace labrun_test;

namespace {

struct Case {
  std::string scenario, pair, ikev, auth;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.scenario << " --ike " << c.pair << " --ikev " << c.ikev << " --auth " << c.auth;
}

std::vector<Case> allCases() {
  std::vector<Case> out;
  for (const char* s : {"gre-over-ipsec", "ipsec-over-gre"})
    for (const char* p : {"libreswan", "strongswan", "A=libreswan,B=strongswan", "A=strongswan,B=libreswan"})
      for (const char* v : {"1", "2"})
        for (const char* a : {"psk", "rsa"}) out.push_back({s, p, v, a});
  return out;
}

// Combinations the installed daemons cannot negotiate, and why (shown as the
// skip reason; labrun itself runs them and reports the failure).
std::string unsupported(const Case&) { return ""; }

}  // namespace

class IkePairing : public ::testing::TestWithParam<Case> {};

TEST_P(IkePairing, TunnelUpTrafficFlowsWireShowsTheEncapsulation) {
  const Case& c = GetParam();
  if (auto why = unsupported(c); !why.empty()) GTEST_SKIP() << why;
  const std::string lab = "it-ike";
  const auto json = scratchFile("pairing.json");
  auto r = labrun({"scenario", c.scenario, "--ike", c.pair, "--ikev", c.ikev, "--auth", c.auth, "--lab", lab,
                   "--json", json.string()});
  ASSERT_EQ(r.exitCode, 0) << r.out;
  auto result = harness::report::readJson(json);
  ASSERT_TRUE(result.error.empty()) << result.error;
  for (const auto& check : result.checks)
    EXPECT_EQ(check.verdict, harness::Verdict::Pass) << check.stage << ": " << check.check << "\n" << check.detail;
  // The scenario's own wire checks carry the article's claims; make sure
  // they were there and judged.
  ASSERT_NE(findCheck(result, "encrypted", "tunnel up"), nullptr);
  ASSERT_NE(findCheck(result, "encrypted", "wire A:eth0"), nullptr);
  EXPECT_NE(r.out.find("IKEv" + c.ikev + ", " + c.auth), std::string::npos) << r.out;
  EXPECT_TRUE(labNamespaces(lab).empty());
}

INSTANTIATE_TEST_SUITE_P(All, IkePairing, ::testing::ValuesIn(allCases()), [](const auto& info) {
  std::string n = info.param.scenario + "_" + info.param.pair + "_v" + info.param.ikev + "_" + info.param.auth;
  for (auto& ch : n)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
});

TEST(IkeFaults, WrongPskBlockedIkeAndAKilledDaemonEndInAClearVerdictWithin15s) {
  const auto json = scratchFile("faults.json");
  auto r = labrun({"scenario", kSource + "/tests/scenarios/ike-faults.yaml", "--lab", "it-fault", "--json",
                   json.string()});
  EXPECT_EQ(r.exitCode, 1) << r.out;
  auto result = harness::report::readJson(json);
  const auto* psk = findCheck(result, "wrong psk", "tunnel up");
  ASSERT_NE(psk, nullptr);
  EXPECT_EQ(psk->verdict, harness::Verdict::Fail);
  EXPECT_LT(psk->seconds, 15);
  EXPECT_NE(psk->detail.find("AUTHENTICATION_FAILED"), std::string::npos) << psk->detail;
  EXPECT_NE(psk->detail.find("auth-mismatch at B"), std::string::npos) << psk->detail;

  const auto* blocked = findCheck(result, "ike blocked", "tunnel up");
  ASSERT_NE(blocked, nullptr);
  EXPECT_EQ(blocked->verdict, harness::Verdict::Fail);
  EXPECT_LE(blocked->seconds, 15);
  EXPECT_NE(blocked->detail.find("IKE SA not established"), std::string::npos) << blocked->detail;
  EXPECT_NE(blocked->detail.find("no-response"), std::string::npos) << blocked->detail;

  const auto* healthy = findCheck(result, "healthy", "ping A");
  ASSERT_NE(healthy, nullptr);
  EXPECT_EQ(healthy->verdict, harness::Verdict::Pass) << healthy->detail;

  const auto* killed = findCheck(result, "daemon killed", "tunnel up");
  ASSERT_NE(killed, nullptr);
  EXPECT_EQ(killed->verdict, harness::Verdict::Fail);
  EXPECT_LT(killed->seconds, 15);
  EXPECT_NE(killed->detail.find("daemon died"), std::string::npos) << killed->detail;
  EXPECT_TRUE(processesMatching("/it-fault/state/").empty());  // no daemon outlives the run
  EXPECT_TRUE(labNamespaces("it-fault").empty());
}

TEST(IkeHostKernel, NegotiatesIkeAndReportsMissingEspAsAnEnvironmentLimit) {
  if (!isRoot()) GTEST_SKIP() << "the host backend needs root";
  if (hostHasGre()) GTEST_SKIP() << "this kernel has GRE: the host backend runs the whole dataplane here";
  const auto json = scratchFile("hostike.json");
  auto r = labrun({"scenario", "gre-over-ipsec", "--kernel", "host", "--lab", "it-hike", "--json", json.string()});
  EXPECT_EQ(r.exitCode, 3) << r.out;
  auto result = harness::report::readJson(json);
  const auto* t = findCheck(result, "encrypted", "tunnel up");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->verdict, harness::Verdict::Skip) << t->detail;
  EXPECT_NE(t->detail.find("IKE SA established on both ends"), std::string::npos) << t->detail;
  EXPECT_NE(t->detail.find("environment limit, not a tunnel failure"), std::string::npos) << t->detail;
  EXPECT_NE(result.error.find("environment limit"), std::string::npos) << result.error;
  for (const auto& c : result.checks) EXPECT_NE(c.verdict, harness::Verdict::Fail) << c.check;
  EXPECT_TRUE(labNamespaces("it-hike").empty());
  EXPECT_TRUE(processesMatching("/it-hike/state/").empty());
}

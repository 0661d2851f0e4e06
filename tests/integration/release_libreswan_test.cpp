// libreswan from each Debian release, for real: gre-over-ipsec,
// ipsec-over-gre and nat-c pass with each end on each of bullseye (4.3),
// bookworm (4.10) and trixie (5.2). Three runs instead of the full product:
// the pairs rotate so that A and the other end each meet every release once
// (A: bullseye, trixie, bookworm; B/C: trixie, bookworm, bullseye), and every
// pair mixes versions, so config syntax (ikev2= vs keyexchange=), status
// output (numeric prefixes, state names) and the selector handling of each
// version meet a different one. The roots come from ci/setup.
#include <gtest/gtest.h>

#include "harness/report/json_report.h"
#include "labrun_cli.h"

using namespace labrun_test;

namespace {

struct Case {
  const char* scenario;
  const char* releases;  // --release
  const char* lab;
  const char* versionA;  // "libreswan 4.3 on bullseye (A)"
  const char* versionPeer;
};

void runPassing(const Case& c) {
  const auto json = scratchFile(std::string(c.lab) + ".json");
  auto r = labrun({"scenario", c.scenario, "--release", c.releases, "--lab", c.lab, "--json", json.string()},
                  std::chrono::seconds(600));
  ASSERT_EQ(r.exitCode, 0) << r.out;
  auto result = harness::report::readJson(json);
  ASSERT_FALSE(result.checks.empty());
  for (const auto& check : result.checks)
    EXPECT_EQ(check.verdict, harness::Verdict::Pass) << check.stage << ": " << check.check << "\n" << check.detail;
  EXPECT_NE(r.out.find(c.versionA), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(c.versionPeer), std::string::npos) << r.out;
  // 4.3, 4.10 and 5.2 are verified versions: no unverified-matchers note.
  EXPECT_EQ(r.out.find("outcome matchers verified on"), std::string::npos) << r.out;
  EXPECT_TRUE(labNamespaces(c.lab).empty());
}

}  // namespace

TEST(ReleaseLibreswan, GreOverIpsecBullseyeToTrixie) {
  runPassing({"gre-over-ipsec", "A=bullseye,B=trixie", "lsv-it1", "libreswan 4.3 on bullseye (A)",
              "libreswan 5.2 on trixie (B)"});
}

TEST(ReleaseLibreswan, IpsecOverGreTrixieToBookworm) {
  runPassing({"ipsec-over-gre", "A=trixie,B=bookworm", "lsv-it2", "libreswan 5.2 on trixie (A)",
              "libreswan 4.10 on bookworm (B)"});
}

// nat-c's three stages (IKEv1, RSA) across versions: the NAT'd server C on
// bullseye's 4.3, A on bookworm's 4.10 (which drops IKEv1 unless told).
TEST(ReleaseLibreswan, NatCBookwormToBullseye) {
  runPassing({"nat-c", "A=bookworm,C=bullseye", "lsv-it3", "libreswan 4.10 on bookworm (A)",
              "libreswan 4.3 on bullseye (C)"});
}

// The UML kernels guests can boot: the suite runs on the default (the newest
// with GRE, ESP and NAT: trixie's 6.12 once ci/setup built its root); this
// runs the scenarios that use every feature — nat-c (NAT-T through the 1:1
// NAT, IKEv1) and gre-over-ipsec with strongSwan (IKEv2, AES-GCM) — on
// bookworm's 6.1 too, so what passes on one passes on the other.
#include <gtest/gtest.h>

#include "harness/report/json_report.h"
#include "labrun_cli.h"

using namespace labrun_test;

namespace {

void passesOn(const std::string& kernel, const std::vector<std::string>& scenarioArgs, const std::string& lab) {
  const auto json = scratchFile(lab + ".json");
  std::vector<std::string> a = {"scenario"};
  a.insert(a.end(), scenarioArgs.begin(), scenarioArgs.end());
  a.insert(a.end(), {"--kernel", "uml", "--uml-kernel", kernel, "--lab", lab, "--json", json.string()});
  const auto r = labrun(a);
  EXPECT_EQ(r.exitCode, 0) << r.out;
  EXPECT_NE(r.out.find("UML kernel " + kernel + ":"), std::string::npos) << "the report names the kernel:\n" << r.out;
  const auto result = harness::report::readJson(json);
  EXPECT_TRUE(result.error.empty()) << result.error;
  EXPECT_FALSE(result.checks.empty());
  for (const auto& c : result.checks)
    EXPECT_EQ(c.verdict, harness::Verdict::Pass) << c.stage << ": " << c.check << "\n" << c.detail;
}

}  // namespace

TEST(UmlKernel61, NatCPasses) { passesOn("6.1", {"nat-c"}, "k61-natc"); }
TEST(UmlKernel61, GreOverIpsecWithStrongswanPasses) {
  passesOn("6.1", {"gre-over-ipsec", "--ike", "strongswan"}, "k61-goi");
}
// A kernel that is not there: the error names the ones that are.
TEST(UmlKernelChoice, UnknownKernelNamesTheKernelsThereAre) {
  const auto r = labrun({"scenario", "gre-plain", "--kernel", "uml", "--uml-kernel", "4.19", "--lab", "k-bad"});
  EXPECT_EQ(r.exitCode, 3) << r.out;
  EXPECT_NE(r.out.find("no UML kernel 4.19 here (there is: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("6.1"), std::string::npos) << r.out;
}

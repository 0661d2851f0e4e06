// strongSwan from Debian release roots: bookworm's 5.9.8 and trixie's 6.0.1
// (roots built by ci/setup; built here on first use otherwise), and a mixed
// pair with bullseye's libreswan 4.3. To keep the UML runs few, one run puts
// one end on each release: every scenario then checks both versions and
// their interplay, and the ends swap roles between runs. Lab names: ssr-*.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness/report/json_report.h"
#include "lab/ike/registry.h"
#include "labrun_cli.h"
#include "lab/sys/process.h"

namespace fs = std::filesystem;
using namespace labrun_test;

namespace {

// Runs a scenario, expects exit 0 and every check passed; returns the console text.
std::string passes(const std::vector<std::string>& args, const std::string& lab, harness::RunResult* result = nullptr) {
  const auto json = scratchFile(lab + ".json");
  std::vector<std::string> a = args;
  a.insert(a.end(), {"--lab", lab, "--json", json.string()});
  auto r = labrun(a, std::chrono::seconds(600));
  EXPECT_EQ(r.exitCode, 0) << r.out;
  auto parsed = harness::report::readJson(json);
  EXPECT_TRUE(parsed.error.empty()) << parsed.error;
  EXPECT_FALSE(parsed.checks.empty()) << r.out;
  for (const auto& c : parsed.checks)
    EXPECT_EQ(c.verdict, harness::Verdict::Pass) << c.stage << ": " << c.check << "\n" << c.detail;
  EXPECT_TRUE(labNamespaces(lab).empty());
  if (result) *result = parsed;
  return r.out;
}

void expectIn(const std::string& text, const std::string& what) {
  EXPECT_NE(text.find(what), std::string::npos) << "missing: " << what << "\n" << text;
}

}  // namespace

// Transport mode, PSK, IKEv2: bookworm's charon initiates to trixie's.
TEST(ReleaseStrongswan, GreOverIpsecBetweenBookwormAndTrixie) {
  auto out = passes({"scenario", "gre-over-ipsec", "--ike", "strongswan", "--release", "A=bookworm,B=trixie"},
                    "ssr-goi");
  expectIn(out, "strongswan 5.9.8 on bookworm (A) <-> strongswan 6.0.1 on trixie (B)");
}

// Tunnel mode between the GRE inner addresses: the ends' releases swapped.
TEST(ReleaseStrongswan, IpsecOverGreBetweenTrixieAndBookworm) {
  auto out = passes({"scenario", "ipsec-over-gre", "--ike", "strongswan", "--release", "A=trixie,B=bookworm"},
                    "ssr-iog");
  expectIn(out, "strongswan 6.0.1 on trixie (A) <-> strongswan 5.9.8 on bookworm (B)");
}

// The article's NAT case with RSA keys made by each root's own pki, IKEv1;
// A rejects C's undeclared ID (as IKEv1 responder strongSwan logs "IDir ...
// does not match"), the fix brings ESP in UDP 4500 through the NAT.
TEST(ReleaseStrongswan, NatCWithEachEndOnEachRelease) {
  for (const std::string releases : {"A=bookworm,C=trixie", "A=trixie,C=bookworm"}) {
    SCOPED_TRACE(releases);
    harness::RunResult r;
    auto out = passes({"scenario", "nat-c", "--ike", "strongswan", "--release", releases}, "ssr-nat", &r);
    const bool trixieA = releases.rfind("A=trixie", 0) == 0;
    expectIn(out, std::string("strongswan ") + (trixieA ? "6.0.1 on trixie (A)" : "5.9.8 on bookworm (A)"));
    expectIn(out, std::string("strongswan ") + (trixieA ? "5.9.8 on bookworm (C)" : "6.0.1 on trixie (C)"));
    const auto* s2 = findCheck(r, "no leftid", "ike id-rejected");
    ASSERT_NE(s2, nullptr);
    EXPECT_NE(s2->check.find("peer-id-mismatch at A"), std::string::npos) << s2->check;
    EXPECT_NE(s2->detail.find("local { id = 1.2.3.4 }"), std::string::npos) << s2->detail;
    EXPECT_NE(findCheck(r, "leftid fixes it", "wire nat-c:outside shows udp4500-esp"), nullptr);
  }
}

// The mixed pair: bullseye's libreswan 4.3 on A, trixie's strongSwan 6.0.1
// on C behind the NAT. A, libreswan's Main Mode initiator, prints the
// article's own sentence about C's ID and sends INVALID_ID_INFORMATION.
TEST(ReleaseStrongswan, NatCBetweenBullseyeLibreswanAndTrixieStrongswan) {
  harness::RunResult r;
  auto out = passes({"scenario", "nat-c", "--ike", "A=libreswan,C=strongswan", "--release", "A=bullseye,C=trixie"},
                    "ssr-mix", &r);
  expectIn(out, "libreswan 4.3 on bullseye (A) <-> strongswan 6.0.1 on trixie (C)");
  const auto* s2 = findCheck(r, "no leftid", "ike id-rejected");
  ASSERT_NE(s2, nullptr);
  EXPECT_NE(s2->check.find("notify:INVALID_ID_INFORMATION at A"), std::string::npos) << s2->check;
  EXPECT_NE(s2->detail.find("local { id = 1.2.3.4 }"), std::string::npos) << s2->detail;
  std::string stage2;  // its checks and their details
  for (const auto& c : r.checks)
    if (c.stage == "no leftid") stage2 += c.check + "\n" + c.detail + "\n";
  expectIn(stage2, "we require IKEv1 peer to have ID '1.2.3.4', but peer declares '10.1.0.1'");
  EXPECT_NE(findCheck(r, "leftid fixes it", "wire nat-c:outside shows udp4500-esp"), nullptr);
}

// A root whose charon is gone (removed by hand, a broken build) is an
// environment error that names the command to rebuild it, before any lab
// or guest is made.
TEST(ReleaseStrongswan, ARootWithoutCharonIsAnEnvironmentError) {
  const fs::path roots = scratchFile("roots");
  fs::create_directories(roots / "trixie-strongswan");
  // Its manifest lists every package (else labrun builds it again), its files are gone.
  std::ofstream manifest(roots / "trixie-strongswan" / "labrun-manifest");
  manifest << "release trixie\nimpl strongswan\nseconds 1\n";
  for (const auto& p : lab::ike::implementation("strongswan").releasePackages("trixie"))
    manifest << "package " << p << " 6.0.1-6+deb13u7\n";
  manifest.close();
  lab::sys::RunOptions o;
  o.timeout = std::chrono::seconds(300);
  o.env = {{"NO_COLOR", "1"}, {"LABRUN_ROOTS", roots.string()}};
  auto r = lab::sys::run(
      {kLabrun, "scenario", "gre-over-ipsec", "--ike", "strongswan", "--release", "trixie", "--lab", "ssr-err"}, o);
  EXPECT_EQ(r.exitCode, 3) << r.out;
  expectIn(r.out, "charon-systemd");
  expectIn(r.out, "labrun release build trixie-strongswan");
  EXPECT_EQ(r.out.find("guest:"), std::string::npos) << "no guest is booted for it\n" << r.out;
  EXPECT_TRUE(labNamespaces("ssr-err").empty());
}

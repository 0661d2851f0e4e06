// libreswan from each Debian release, for real: gre-over-ipsec,
// ipsec-over-gre and nat-c pass with each end on each of bullseye (4.3),
// bookworm (4.10) and trixie (5.2). Three runs instead of the full product:
// the pairs rotate so that A and the other end each meet every release once
// (A: bullseye, trixie, bookworm; B/C: trixie, bookworm, bullseye), and every
// pair mixes versions, so config syntax (ikev2= vs keyexchange=), status
// output (numeric prefixes, state names) and the selector handling of each
// version meet a different one. The roots come from ci/setup.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "harness/report/json_report.h"
#include "lab/release/release_root.h"
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

// A version labrun has never checked still runs, and says once which outcome
// matchers are unverified for it. The daemon is trixie's real pluto, in a
// root (hard links to the cached one) whose manifest says libreswan 5.3:
// what labrun believes about a version comes from the manifest, as it would
// for a release that ships 5.3.
TEST(ReleaseLibreswan, AnUnknownVersionRunsAndSaysWhatIsUnverified) {
  const auto real = lab::release::rootsDir() / "trixie-libreswan";
  ASSERT_TRUE(std::filesystem::exists(real / "labrun-manifest")) << "ci/setup builds " << real;
  const auto roots = scratchFile("roots");
  const auto fake = roots / "lsvunknown-libreswan";
  std::filesystem::create_directories(roots);
  const std::string copy = "cp -al '" + real.string() + "' '" + fake.string() + "' 2>/dev/null || cp -a '" +
                           real.string() + "' '" + fake.string() + "'";
  ASSERT_EQ(std::system(copy.c_str()), 0) << copy;
  std::stringstream manifest;
  manifest << std::ifstream(real / "labrun-manifest").rdbuf();
  std::filesystem::remove(fake / "labrun-manifest");  // a hard link: the cached root's own stays as it is
  std::string text = std::regex_replace(manifest.str(), std::regex("\\nrelease trixie\\n"), "\nrelease lsvunknown\n");
  text = std::regex_replace(text, std::regex("\\npackage libreswan [^\\n]*"), "\npackage libreswan 5.3-0labrun1");
  std::ofstream(fake / "labrun-manifest") << text;

  lab::sys::RunOptions o;
  o.timeout = std::chrono::seconds(600);
  o.env["NO_COLOR"] = "1";
  o.env["LABRUN_ROOTS"] = roots.string();
  auto r = lab::sys::run({kLabrun, "scenario", "gre-over-ipsec", "--release", "lsvunknown", "--lab", "lsv-it4"}, o);
  std::filesystem::remove_all(roots);
  ASSERT_EQ(r.exitCode, 0) << r.out;
  EXPECT_NE(r.out.find("libreswan 5.3 on lsvunknown (A)"), std::string::npos) << r.out;
  const std::string note = "note: libreswan 5.3: outcome matchers verified on 4.3, 4.10, 5.2 only; unverified for 5.3: ";
  const auto at = r.out.find(note);
  ASSERT_NE(at, std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(note, at + 1), std::string::npos) << "shown once per run:\n" << r.out;
  EXPECT_TRUE(labNamespaces("lsv-it4").empty());
}

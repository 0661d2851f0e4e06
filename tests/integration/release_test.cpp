// Hosts on other Debian releases: nat-c with both ends on bullseye's
// libreswan 4.3, run from its release root (built by ci/setup; built here
// on first use otherwise), and the errors around release roots.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>

#include "harness/report/json_report.h"
#include "labrun_cli.h"

using namespace labrun_test;

TEST(Releases, NatCOnBullseyeQuotesTheArticlesStage2Line) {
  const auto json = scratchFile("natc-bullseye.json");
  auto r = labrun({"scenario", "nat-c", "--release", "bullseye", "--lab", "it-rel", "--json", json.string()},
                  std::chrono::seconds(600));
  ASSERT_EQ(r.exitCode, 0) << r.out;
  auto result = harness::report::readJson(json);
  for (const auto& c : result.checks)
    EXPECT_EQ(c.verdict, harness::Verdict::Pass) << c.stage << ": " << c.check << "\n" << c.detail;
  // The daemons are bullseye's: libreswan 4.3 on both ends.
  EXPECT_NE(r.out.find("libreswan 4.3 on bullseye (A)"), std::string::npos) << r.out;
  // A, the Main Mode initiator, prints the article's sentence.
  ASSERT_NE(findCheck(result, "no leftid", "ike id-rejected"), nullptr);
  std::string all;  // stage 2's report: its checks and their details
  for (const auto& c : result.checks)
    if (c.stage == "no leftid") all += c.check + "\n" + c.detail + "\n";
  EXPECT_NE(all.find("we require IKEv1 peer to have ID '1.2.3.4', but peer declares '10.1.0.1'"), std::string::npos)
      << all;
  EXPECT_TRUE(labNamespaces("it-rel").empty());
}

TEST(Releases, ABuiltRootIsReusedAndListedWithItsVersions) {
  auto b = labrun({"release", "build", "bullseye-libreswan"}, std::chrono::seconds(600));
  ASSERT_EQ(b.exitCode, 0) << b.out;
  auto again = labrun({"release", "build", "bullseye-libreswan"});
  ASSERT_EQ(again.exitCode, 0) << again.out;
  EXPECT_NE(again.out.find("already built"), std::string::npos) << again.out;
  EXPECT_EQ(again.out.find("mmdebstrap"), std::string::npos) << again.out;
  auto r = labrun({"release", "list"});
  ASSERT_EQ(r.exitCode, 0) << r.out;
  EXPECT_NE(r.out.find("bullseye-libreswan"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("libreswan 4.3-"), std::string::npos) << r.out;
}

TEST(Releases, AReleaseDebianDoesNotServeIsAnEnvironmentError) {
  auto r = labrun({"scenario", "nat-c", "--release", "nosuchrelease", "--lab", "it-relx"}, std::chrono::seconds(300));
  EXPECT_EQ(r.exitCode, 3) << r.out;
  EXPECT_NE(r.out.find("nosuchrelease"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("labrun release build nosuchrelease-libreswan"), std::string::npos) << r.out;
  EXPECT_TRUE(labNamespaces("it-relx").empty());
  auto again = labrun({"release", "list"});
  EXPECT_EQ(again.out.find("nosuchrelease"), std::string::npos) << again.out;  // nothing half-built is listed
}

TEST(Releases, AMalformedReleaseIsUsage) {
  auto r = labrun({"scenario", "nat-c", "--release", "Bull/seye", "--lab", "it-relu"});
  EXPECT_EQ(r.exitCode, 2) << r.out;
}

TEST(Releases, UpgradeScenarioRefusesIkev1AfterBMovesToBookworm) {
  const auto json = scratchFile("upgrade.json");
  auto r = labrun({"scenario", "upgrade", "--lab", "it-upg", "--json", json.string()}, std::chrono::seconds(600));
  ASSERT_EQ(r.exitCode, 0) << r.out;
  auto result = harness::report::readJson(json);
  for (const auto& c : result.checks)
    EXPECT_EQ(c.verdict, harness::Verdict::Pass) << c.stage << ": " << c.check << "\n" << c.detail;
  // Three daemons: A and B on bullseye's 4.3, then B on bookworm's 4.10.
  ASSERT_EQ(result.daemons.size(), 3u) << r.out;
  EXPECT_EQ(result.daemons[2].host, "B");
  EXPECT_EQ(result.daemons[2].release, "bookworm");
  EXPECT_EQ(result.daemons[2].version, "4.10");
  EXPECT_EQ(result.daemons[2].package.rfind("4.10-", 0), 0u) << result.daemons[2].package;
  EXPECT_EQ(result.daemons[2].stage, "B upgraded to bookworm");
  EXPECT_EQ(result.daemons[0].version, "4.3");
  // B says why, and the fix.
  EXPECT_NE(r.out.find("global ikev1-policy does not allow IKEv1 connections"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ikev1-policy=accept under config setup"), std::string::npos) << r.out;
  EXPECT_TRUE(labNamespaces("it-upg").empty());
}

// Parallel runs and matrix workers that need one root build it once: the
// second waits on the root's lock and then finds it complete. mmdebstrap is
// replaced by a stand-in (on PATH) that counts its calls, takes a second and
// leaves a minimal root; nothing is downloaded.
TEST(Releases, TwoBuildersOfOneRootBuildItOnce) {
  namespace fs = std::filesystem;
  const fs::path dir = scratchFile("one-build");
  fs::remove_all(dir);
  fs::create_directories(dir / "bin");
  const fs::path calls = dir / "calls";
  {
    std::ofstream f(dir / "bin/mmdebstrap");
    f << "#!/bin/sh\n"
         "echo \"$@\" >> '" << calls.string() << "'\n"
         "sleep 1\n"
         "for a; do last=$prev; prev=$a; done\n"  // DIR is the argument before the sources line
         "mkdir -p \"$last/var/lib/dpkg\"\n"
         "printf 'Package: libreswan\\nStatus: install ok installed\\nVersion: 9.9-1\\n\\n' "
         "> \"$last/var/lib/dpkg/status\"\n";
  }
  fs::permissions(dir / "bin/mmdebstrap", fs::perms::owner_all);
  const std::string env = "LABRUN_ROOTS=" + (dir / "roots").string();
  const std::string path = "PATH=" + (dir / "bin").string() + ":" + std::getenv("PATH");
  std::vector<std::unique_ptr<lab::sys::Process>> both;
  for (int i = 0; i < 2; ++i) {
    lab::sys::RunOptions o;
    o.timeout = std::chrono::milliseconds(0);
    o.logFile = dir / ("out" + std::to_string(i));
    both.push_back(std::make_unique<lab::sys::Process>(lab::sys::Process::start(
        {"env", env, path, kLabrun, "release", "build", "fakerel-libreswan"}, o)));
  }
  for (auto& p : both) {
    ASSERT_TRUE(p->wait(std::chrono::seconds(60)));
    EXPECT_EQ(p->exitCode(), 0);
  }
  const std::string log = readFile(calls);
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 1) << "mmdebstrap ran more than once:\n" << log;
  const std::string out = readFile(dir / "out0") + readFile(dir / "out1");
  EXPECT_NE(out.find("built meanwhile by another labrun"), std::string::npos) << out;  // the second found the first's
  EXPECT_TRUE(fs::exists(dir / "roots/fakerel-libreswan/labrun-manifest"));
  fs::remove_all(dir);
}

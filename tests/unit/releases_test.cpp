// Hosts' Debian releases: release:/--release parsing and overrides, the
// release-root cache (manifests, names, versions), and what labrun knows of
// libreswan 4.3 (bullseye): its config setup and its outcome lines.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "harness/run/releases.h"
#include "harness/scenario/overrides.h"
#include "harness/scenario/parser.h"
#include "lab/ike/libreswan/libreswan_conf.h"
#include "lab/ike/libreswan/version_traits.h"
#include "lab/ike/registry.h"
#include "lab/release/release_root.h"
#include "lab/sys/error.h"

namespace fs = std::filesystem;
using harness::scenario::UsageError;
namespace lsw = lab::ike::libreswan;

namespace {

const std::string kScenario =
    "name: t\n"
    "segments:\n"
    "  wan: { subnet: 1.0.0.0/24, gateway: 1.0.0.1 }\n"
    "hosts:\n"
    "  A: { segment: wan, address: 1.0.0.4, release: bullseye }\n"
    "  B: { segment: wan, address: 1.0.0.5 }\n"
    "  D: { segment: wan, address: 1.0.0.6 }\n"
    "tunnels:\n"
    "  gre1: { type: gre, between: [A, B], inner: [10.0.0.1/30, 10.0.0.2/30] }\n"
    "ipsec: { between: [A, B], mode: gre-over-ipsec, gre: gre1, ike: 1, daemon: libreswan }\n"
    "stages:\n"
    "  - name: s\n"
    "    set: { B: { auto: start } }\n"
    "    checks: [ { tunnel: up } ]\n";

harness::ScenarioSpec spec() { return harness::scenario::parseScenario(kScenario, "t.yaml"); }

// A scratch roots directory ($LABRUN_ROOTS) for the cache tests.
struct Roots {
  fs::path dir = fs::temp_directory_path() / ("labrun-roots-test-" + std::to_string(::getpid()));
  Roots() {
    fs::remove_all(dir);
    fs::create_directories(dir);
    ::setenv("LABRUN_ROOTS", dir.c_str(), 1);
  }
  ~Roots() {
    ::unsetenv("LABRUN_ROOTS");
    fs::remove_all(dir);
  }
  void fakeRoot(const std::string& name, bool withManifest) {
    fs::create_directories(dir / name / "usr/libexec/ipsec");
    if (!withManifest) return;
    std::ofstream(dir / name / "labrun-manifest") << "# x\nrelease bullseye\nimpl libreswan\nseconds 36.5\n"
                                                     "package libreswan 4.3-1+deb11u4\npackage libc6 2.31-13+deb11u11\n";
  }
};

}  // namespace

TEST(Releases, ATopologyHostNamesItsRelease) {
  auto s = spec();
  EXPECT_EQ(harness::run::releaseOf(s, "A"), "bullseye");
  EXPECT_EQ(harness::run::releaseOf(s, "B"), "");
  // auto: start makes an end initiate too.
  ASSERT_TRUE(s.stages[0].set.at("gre1").at("B").autoStart.has_value());
  EXPECT_TRUE(*s.stages[0].set.at("gre1").at("B").autoStart);
}

TEST(Releases, AMalformedReleaseIsAScenarioError) {
  std::string yaml = kScenario;
  yaml.replace(yaml.find("release: bullseye"), 17, "release: Bull-Seye");
  try {
    harness::scenario::parseScenario(yaml, "t.yaml");
    ADD_FAILURE() << "no error";
  } catch (const harness::scenario::ScenarioParseError& e) {
    ASSERT_FALSE(e.errors.empty());
    EXPECT_EQ(e.errors[0].yamlPath, "hosts.A.release");
    EXPECT_NE(e.errors[0].format().find("lower-case"), std::string::npos) << e.errors[0].format();
  }
}

TEST(Releases, AStageMovesAHostToAnotherRelease) {
  std::string yaml = kScenario + "  - name: upgraded\n    release: { A: bookworm }\n    checks: [ { tunnel: up } ]\n";
  auto s = harness::scenario::parseScenario(yaml, "t.yaml");
  EXPECT_EQ(s.stages[1].release.at("A"), "bookworm");
  EXPECT_EQ(harness::run::releasesOf(s, "A"), (std::vector<std::string>{"bullseye", "bookworm"}));
  EXPECT_EQ(harness::run::releasesOf(s, "B"), (std::vector<std::string>{""}));
}

TEST(Releases, AStageReleaseOfANonEndIsAnErrorAtItsPosition) {
  std::string yaml = kScenario + "  - name: upgraded\n    release: { D: bookworm, B: Trixie }\n    checks: [ { tunnel: up } ]\n";
  try {
    harness::scenario::parseScenario(yaml, "t.yaml");
    ADD_FAILURE() << "no error";
  } catch (const harness::scenario::ScenarioParseError& e) {
    ASSERT_EQ(e.errors.size(), 2u);
    EXPECT_EQ(e.errors[0].format().rfind("t.yaml:16:16: stages[1].release.D: 'D' is not an IPsec end", 0), 0u)
        << e.errors[0].format();
    EXPECT_EQ(e.errors[1].yamlPath, "stages[1].release.B");
  }
}

TEST(Releases, ReleaseAssignmentParses) {
  using harness::scenario::parseReleaseAssignment;
  EXPECT_EQ(parseReleaseAssignment("bullseye"), (std::map<std::string, std::string>{{"", "bullseye"}}));
  EXPECT_EQ(parseReleaseAssignment("A=bullseye,C=trixie"),
            (std::map<std::string, std::string>{{"A", "bullseye"}, {"C", "trixie"}}));
  EXPECT_THROW(parseReleaseAssignment("Bullseye"), UsageError);
  EXPECT_THROW(parseReleaseAssignment("A=bullseye,trixie"), UsageError);
  EXPECT_THROW(parseReleaseAssignment("=trixie"), UsageError);
  EXPECT_THROW(parseReleaseAssignment(""), UsageError);
}

TEST(Releases, ReleaseOverrideSetsTheIpsecHosts) {
  auto s = spec();
  harness::scenario::applyReleaseOverride(s, "trixie");
  EXPECT_EQ(harness::run::releaseOf(s, "A"), "trixie");
  EXPECT_EQ(harness::run::releaseOf(s, "B"), "trixie");
  EXPECT_EQ(harness::run::releaseOf(s, "D"), "");  // runs no IKE daemon
  auto t = spec();
  harness::scenario::applyReleaseOverride(t, "B=bookworm");
  EXPECT_EQ(harness::run::releaseOf(t, "A"), "bullseye");
  EXPECT_EQ(harness::run::releaseOf(t, "B"), "bookworm");
  EXPECT_THROW(harness::scenario::applyReleaseOverride(t, "D=bookworm"), UsageError);
  auto u = spec();
  harness::scenario::applyReleaseOverride(u, "");
  EXPECT_EQ(harness::run::releaseOf(u, "B"), "");
}

TEST(Releases, DpkgStatusGivesExactVersions) {
  auto p = lab::release::installedPackages(
      "Package: libreswan\nStatus: install ok installed\nVersion: 4.3-1+deb11u4\n\n"
      "Package: gone\nStatus: deinstall ok config-files\nVersion: 1.0-1\n\n"
      "Package: libc6\nStatus: install ok installed\nMulti-Arch: same\nVersion: 2.31-13+deb11u11\n");
  EXPECT_EQ(p, (std::map<std::string, std::string>{{"libc6", "2.31-13+deb11u11"}, {"libreswan", "4.3-1+deb11u4"}}));
  EXPECT_EQ(lab::release::upstreamVersion("4.3-1+deb11u4"), "4.3");
  EXPECT_EQ(lab::release::upstreamVersion("1:5.9.8-5+deb12u1"), "5.9.8");
  EXPECT_EQ(lab::release::upstreamVersion("5.2-2"), "5.2");
  EXPECT_EQ(lab::release::splitRootName("bullseye-libreswan")->second, "libreswan");
  EXPECT_FALSE(lab::release::splitRootName("bullseye").has_value());
}

TEST(Releases, OnlyARootWithItsManifestIsUsed) {
  Roots roots;
  roots.fakeRoot("bullseye-libreswan", false);  // half-built: no manifest
  EXPECT_FALSE(lab::release::findRoot("bullseye", "libreswan").has_value());
  EXPECT_TRUE(lab::release::listRoots().empty());
  auto s = spec();
  try {
    harness::run::rootOf(s, "A");
    ADD_FAILURE() << "no error";
  } catch (const lab::sys::EnvironmentError& e) {
    EXPECT_EQ(e.remedy(), "labrun release build bullseye-libreswan");
  }
  roots.fakeRoot("bullseye-libreswan", true);
  auto r = lab::release::findRoot("bullseye", "libreswan");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->packageVersion("libreswan"), "4.3-1+deb11u4");
  // A package added to the list since it was built is named as missing.
  EXPECT_EQ(r->missing({"libreswan", "strongswan-starter"}), std::vector<std::string>{"strongswan-starter"});
  EXPECT_DOUBLE_EQ(r->buildSeconds, 36.5);
  EXPECT_EQ(harness::run::rootOf(s, "A"), roots.dir / "bullseye-libreswan");
  EXPECT_EQ(harness::run::rootOf(s, "B"), fs::path());
  ASSERT_EQ(lab::release::listRoots().size(), 1u);
  EXPECT_TRUE(lab::release::removeRoot("bullseye", "libreswan"));
  EXPECT_FALSE(fs::exists(roots.dir / "bullseye-libreswan"));
  EXPECT_FALSE(lab::release::removeRoot("bullseye", "libreswan"));
}

TEST(Releases, ANameThatIsNoReleaseIsAnEnvironmentErrorNamingTheCommand) {
  Roots roots;
  try {
    lab::release::ensureRoot("../x", "libreswan", {"libreswan"}, [](const std::string&) {});
    ADD_FAILURE() << "no error";
  } catch (const lab::sys::EnvironmentError& e) {
    EXPECT_NE(std::string(e.what()).find("../x-libreswan"), std::string::npos) << e.what();
    EXPECT_EQ(e.remedy(), "labrun release build ../x-libreswan");
  }
}

TEST(Libreswan43, NoIkev1PolicyAndIkev1AcceptedAsWritten) {
  const auto t = lsw::traitsOf("4.3");
  EXPECT_FALSE(t.knowsIkev1Policy);
  EXPECT_FALSE(t.dropsIkev1ByDefault);
  EXPECT_TRUE(t.ikev2ByDefault);
  EXPECT_TRUE(lsw::traitsOf("4.10").knowsIkev1Policy);
  EXPECT_TRUE(lsw::traitsOf("4.5").knowsIkev1Policy);
  lsw::LibreswanPaths p{"/s/nss", "/s/ipsec.d", "/s/ipsec.secrets", "/c/pluto.log", "/s/run"};
  EXPECT_NE(lsw::renderSetup(p, 1, lsw::traitsOf("4.10")).find("ikev1-policy=accept"), std::string::npos);
  EXPECT_EQ(lsw::renderSetup(p, 1, t).find("ikev1-policy"), std::string::npos);
  EXPECT_EQ(lab::ike::implementation("libreswan").explainIkev1Refused("4.3"), "");
}

// Lines libreswan 4.3 (bullseye's root) printed in nat-c --release bullseye
// under UML; A is the IKEv1 Main Mode initiator of stage 2.
TEST(Libreswan43, TheArticlesStage2LineIsAnIdRejection) {
  const auto& lsw = lab::ike::implementation("libreswan");
  const std::vector<std::string> lines = {
      "Dec  4 14:27:06.774780: \"gre1\": we cannot identify ourselves with either end of this connection.  "
      "1.2.3.4 or 1.0.0.4 are not usable",
      "Dec  4 14:27:08.057747: \"gre1\" #1: Peer ID is ID_IPV4_ADDR: '10.1.0.1'",
      "Dec  4 14:27:08.057911: \"gre1\" #1: we require IKEv1 peer to have ID '1.2.3.4', but peer declares '10.1.0.1'",
      "Dec  4 14:27:08.060635: \"gre1\" #1: sending encrypted notification INVALID_ID_INFORMATION to 1.2.3.4:4500",
  };
  auto ev = lab::ike::matchOutcomes(lsw, "A", "4.3", lines);
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[0].outcome, "rejected:cannot-identify-ourselves");
  EXPECT_EQ(ev[1].outcome, "peer-id-mismatch");
  EXPECT_TRUE(ev[1].terminal);
  EXPECT_EQ(ev[1].conn, "gre1");
  EXPECT_EQ(ev[2].outcome, "notify:INVALID_ID_INFORMATION");
  // In the family a scenario's id-rejected stands for, like 4.10's lines.
  const auto family = lab::ike::expandOutcome("id-rejected");
  EXPECT_NE(std::find(family.begin(), family.end(), ev[1].outcome), family.end());
  EXPECT_TRUE(lsw.outcomeTable().verified("4.3"));
  // Gone from 4.6 on: on 4.10 the sentence is no outcome (4.10 prints
  // "Peer ID '...' mismatched on first found connection" instead).
  EXPECT_TRUE(lab::ike::matchOutcomes(lsw, "A", "4.10", {lines[2]}).empty());
}

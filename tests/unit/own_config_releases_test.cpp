// A host given strongSwan's legacy ipsec.conf (which runs only from a
// release root) and no release runs the root of this machine's release;
// the job gets it as --release HOST=RELEASE.
#include <gtest/gtest.h>

#include "harness/run/own_config_releases.h"
#include "harness/run/releases.h"
#include "harness/scenario/parser.h"

namespace {
using harness::scenario::loadScenario;

TEST(OwnConfigReleases, AnIpsecConfHostWithoutReleaseGetsTheMachines) {
  auto spec = loadScenario(LABRUN_SOURCE_DIR "/scenarios/nat-c-ipsec-conf.yaml");
  EXPECT_EQ(harness::run::releaseOf(spec, "C"), "");
  const auto own = harness::run::defaultOwnConfigReleases(spec, "bookworm");
  EXPECT_EQ(own.assigned, (std::map<std::string, std::string>{{"C", "bookworm"}}));
  ASSERT_EQ(own.notes.size(), 1u);
  EXPECT_NE(own.notes[0].find("C's own config runs with strongSwan's starter"), std::string::npos) << own.notes[0];
  EXPECT_NE(own.notes[0].find("Debian bookworm (this machine's release"), std::string::npos) << own.notes[0];
  EXPECT_EQ(harness::run::releaseOf(spec, "C"), "bookworm");
  EXPECT_EQ(harness::run::releaseOf(spec, "A"), "");  // A's swanctl.conf runs from the machine's charon-systemd
}

TEST(OwnConfigReleases, AGivenReleaseAndSwanctlConfStayAsTheyAre) {
  auto given = loadScenario(LABRUN_SOURCE_DIR "/scenarios/nat-c-ipsec-conf.yaml");
  for (auto& h : given.topology.hosts)
    if (h.name == "C") h.release = "trixie";
  EXPECT_TRUE(harness::run::defaultOwnConfigReleases(given, "bookworm").assigned.empty());
  EXPECT_EQ(harness::run::releaseOf(given, "C"), "trixie");
  auto swanctl = loadScenario(LABRUN_SOURCE_DIR "/scenarios/nat-c-swanctl.yaml");
  EXPECT_TRUE(harness::run::defaultOwnConfigReleases(swanctl, "bookworm").assigned.empty());
}

TEST(OwnConfigReleases, AssignedReleasesJoinTheReleaseOption) {
  using harness::run::withAssignedReleases;
  EXPECT_EQ(withAssignedReleases("", {{"C", "bookworm"}}), "C=bookworm");
  EXPECT_EQ(withAssignedReleases("A=bullseye", {{"C", "bookworm"}}), "A=bullseye,C=bookworm");
  EXPECT_EQ(withAssignedReleases("A=bullseye", {}), "A=bullseye");
}

}  // namespace

// The warm guest's pieces that need no guest: its --idle durations, its job
// request on the spool, and that a run base not the user's own 0700
// directory has no warm guest (another user's is never used).
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>

#include "harness/cli/commands.h"
#include "lab/kernel/uml/spool.h"
#include "lab/kernel/uml/warm.h"

namespace fs = std::filesystem;

TEST(WarmGuest, IdleDurations) {
  using harness::cli::parseDuration;
  EXPECT_EQ(parseDuration("90"), 90);
  EXPECT_EQ(parseDuration("90s"), 90);
  EXPECT_EQ(parseDuration("15m"), 900);
  EXPECT_EQ(parseDuration("2h"), 7200);
  EXPECT_EQ(parseDuration("15x"), -1);
  EXPECT_EQ(parseDuration("m"), -1);
  EXPECT_EQ(parseDuration("-5"), -1);
  EXPECT_EQ(parseDuration("30d"), -1);
}

TEST(WarmGuest, JobRequestRoundTrip) {
  lab::kernel::uml::SpoolRequest r;
  r.kind = "job";
  r.netns = "/tmp/labrun-0/nat-c";  // a job's: its run directory
  r.argv = {"/work/build/labrun", "scenario", "/x/nat-c.yaml", "--job", "--run-dir", "/tmp/labrun-0/nat-c"};
  const auto back = lab::kernel::uml::decodeRequest(lab::kernel::uml::encodeRequest(r));
  EXPECT_EQ(back.kind, "job");
  EXPECT_EQ(back.netns, r.netns);
  EXPECT_EQ(back.argv, r.argv);
}

TEST(WarmGuest, OnlyInTheUsersOwnPrivateRunBase) {
  const fs::path base = fs::temp_directory_path() / ("wm-unit-" + std::to_string(::getpid()));
  fs::create_directories(base / ".warm/ctl");
  ::setenv("LABRUN_RUN_BASE", base.c_str(), 1);
  fs::permissions(base, fs::perms::owner_all);
  fs::permissions(base / ".warm", fs::perms::owner_all);
  fs::permissions(base / ".warm/ctl", fs::perms::owner_all);
  auto w = lab::kernel::uml::warmGuest();
  ASSERT_TRUE(w.has_value());
  EXPECT_FALSE(w->alive);  // no guest serves it
  fs::permissions(base / ".warm", fs::perms::group_read | fs::perms::group_exec, fs::perm_options::add);
  EXPECT_FALSE(lab::kernel::uml::warmGuest().has_value()) << "a directory others can read is not used";
  ::unsetenv("LABRUN_RUN_BASE");
  fs::remove_all(base);
}

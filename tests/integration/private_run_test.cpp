// RunOptions::rootRun: a child in a release root gets a /run of its own
// (strongSwan's starter and charon keep pid files and the stroke socket at
// fixed /var/run paths): what it writes there lands in that directory, not
// in the machine's /run nor in another child's.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "labrun_cli.h"
#include "lab/release/release_root.h"
#include "lab/sys/process.h"

namespace fs = std::filesystem;

TEST(PrivateRun, AChildInARootWritesToItsOwnRun) {
  const auto roots = lab::release::listRoots();
  if (roots.empty()) GTEST_SKIP() << "no release root is built (labrun release build bookworm-strongswan)";
  const fs::path base = fs::temp_directory_path() / ("st-private-run-" + std::to_string(::getpid()));
  const std::string marker = "labrun-private-run-" + std::to_string(::getpid());
  for (const char* host : {"A", "C"}) fs::create_directories(base / host);
  for (const char* host : {"A", "C"}) {
    lab::sys::RunOptions o;
    o.root = roots.front().dir;
    o.rootBinds = {base};
    o.rootRun = base / host;
    // /var/run is /run in a Debian root: starter's /var/run/charon.pid.
    auto r = lab::sys::run({"/bin/sh", "-c", std::string("echo ") + host + " > /var/run/" + marker + "; ls /run"}, o);
    EXPECT_TRUE(r.ok()) << r.out;
    EXPECT_EQ(r.out, marker + "\n") << "the child saw another /run";
  }
  EXPECT_EQ(labrun_test::readFile(base / "A" / marker), "A\n");
  EXPECT_EQ(labrun_test::readFile(base / "C" / marker), "C\n");
  EXPECT_FALSE(fs::exists(fs::path("/run") / marker));
  fs::remove_all(base);
}

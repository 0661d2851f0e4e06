// Nothing is left behind: Ctrl-C in the middle of a run, and kill -9
// followed by `labrun clean`, leave no lr-* namespace, no process labrun
// started and no run directory.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "lab/core/run_dir.h"
#include "labrun_cli.h"

namespace fs = std::filesystem;
using namespace labrun_test;
using namespace std::chrono_literals;

namespace {

struct Started {
  lab::sys::Process proc;
  fs::path log;
};

Started startLabrun(const std::vector<std::string>& args, const std::string& tag) {
  fs::path log = fs::temp_directory_path() / ("labrun-it-" + tag + ".log");
  fs::remove(log);
  std::vector<std::string> argv{kLabrun};
  argv.insert(argv.end(), args.begin(), args.end());
  lab::sys::RunOptions o;
  o.logFile = log;
  o.env["NO_COLOR"] = "1";
  return {lab::sys::Process::start(argv, o), log};
}

void expectNothingLeft(const std::string& lab) {
  EXPECT_TRUE(labNamespaces(lab).empty());
  EXPECT_TRUE(processesMatching("uml_dir=" + (lab::core::runBase() / lab).string()).empty());
  EXPECT_FALSE(fs::exists(lab::core::runBase() / lab));
  // Nothing runs inside a namespace of the lab (they are gone) and no ping or
  // capture helper survives.
  EXPECT_TRUE(processesMatching("lr-" + lab + "-").empty());
}

// Seconds of unanswered pings: a signal sent once the stage has begun
// always lands in the middle of it, however fast the rest is.
const std::string kSlowStage = std::string(LABRUN_SOURCE_DIR) + "/tests/scenarios/slow-stage.yaml";

}  // namespace

class Interrupt : public ::testing::TestWithParam<std::string> {};

TEST_P(Interrupt, CtrlCInTheMiddleLeavesNothing) {
  const std::string kernel = GetParam();
  const std::string lab = "it-int-" + kernel;
  if (kernel == "host" && !isRoot()) GTEST_SKIP() << "the host backend needs root";
  auto s = startLabrun({"scenario", kSlowStage, "--kernel", kernel, "--lab", lab}, lab);
  ASSERT_TRUE(waitForText(s.log, "--- stage", 120s)) << readFile(s.log);
  if (kernel == "host") {
    EXPECT_FALSE(labNamespaces(lab).empty());
  }
  ::kill(s.proc.pid(), SIGINT);
  ASSERT_TRUE(s.proc.wait(60s)) << readFile(s.log);
  EXPECT_EQ(s.proc.exitCode(), 130) << readFile(s.log);
  expectNothingLeft(lab);
}

INSTANTIATE_TEST_SUITE_P(Kernels, Interrupt, ::testing::Values("host", "uml"));

class Kill9 : public ::testing::TestWithParam<std::string> {};

TEST_P(Kill9, CleanRemovesWhatAKilledRunLeft) {
  const std::string kernel = GetParam();
  const std::string lab = "it-k9-" + kernel;
  const std::string scenario = kSlowStage;
  if (kernel == "host" && !isRoot()) GTEST_SKIP() << "the host backend needs root";
  auto s = startLabrun({"scenario", scenario, "--kernel", kernel, "--lab", lab}, "k9" + kernel);
  ASSERT_TRUE(waitForText(s.log, "--- stage", 120s)) << readFile(s.log);
  ::kill(s.proc.pid(), SIGKILL);
  s.proc.wait(10s);
  // The killed run left its run directory (and namespaces or a UML guest).
  EXPECT_TRUE(fs::exists(lab::core::runBase() / lab));
  auto again = labrun({"scenario", scenario, "--kernel", kernel, "--lab", lab});
  EXPECT_EQ(again.exitCode, 3) << again.out;
  EXPECT_NE(again.out.find("labrun clean"), std::string::npos) << again.out;

  auto c = labrun({"clean"});
  EXPECT_EQ(c.exitCode, 0) << c.out;
  EXPECT_FALSE(fs::exists(lab::core::runBase() / lab)) << c.out;
  expectNothingLeft(lab);
  auto c2 = labrun({"clean"});  // idempotent
  EXPECT_EQ(c2.exitCode, 0) << c2.out;
}

INSTANTIATE_TEST_SUITE_P(Kernels, Kill9, ::testing::Values("host", "uml"));

TEST(BadInput, MalformedScenarioExits2AndCreatesNothing) {
  auto dir = fs::temp_directory_path() / ("labrun-bad-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto file = dir / "bad.yaml";
  {
    std::ofstream f(file);
    f << "name: bad\nabout: typo\nsegments:\n  wan: { subnet: 1.0.0.0/24, gateway: 1.0.0.1 }\n"
         "hosts:\n  A: { segment: wan, adress: 1.0.0.4 }\nstages:\n  - name: s\n    checks:\n"
         "      - ping: { from: A, to: 1.0.0.1 }\n";
  }
  auto r = labrun({"scenario", file.string()});
  EXPECT_EQ(r.exitCode, 2) << r.out;
  EXPECT_NE(r.out.find(file.string() + ":6:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(did you mean 'address'?)\nlabrun: " + file.string() + ": 1 error(s); nothing was created"),
            std::string::npos)
      << r.out;  // the summary on a line of its own
  EXPECT_TRUE(labNamespaces("bad").empty());
  EXPECT_FALSE(fs::exists(lab::core::runBase() / "bad"));
  fs::remove_all(dir);

  auto u = labrun({"scenario", "gre-plian"});
  EXPECT_EQ(u.exitCode, 2) << u.out;
  EXPECT_NE(u.out.find("did you mean 'gre-plain'"), std::string::npos) << u.out;
}

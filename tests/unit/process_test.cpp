// sys::run / sys::Process without privileges: output, stdin, exit codes,
// timeouts, log files, environment, missing programs.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "lab/sys/error.h"
#include "lab/sys/process.h"

using namespace std::chrono_literals;
namespace sys = lab::sys;

TEST(Process, RunCapturesStdoutAndStderrAndExitCode) {
  auto r = sys::run({"sh", "-c", "echo out; echo err >&2; exit 3"});
  EXPECT_EQ(r.exitCode, 3);
  EXPECT_FALSE(r.timedOut);
  EXPECT_NE(r.out.find("out\n"), std::string::npos);
  EXPECT_NE(r.out.find("err\n"), std::string::npos);
}

TEST(Process, RunFeedsStdinAndAddsEnvironment) {
  sys::RunOptions o;
  o.stdinText = std::string(200000, 'x') + "\n";  // larger than a pipe buffer
  o.env["LR_T2X"] = "hello";
  auto r = sys::run({"sh", "-c", "wc -c; echo $LR_T2X"}, o);
  EXPECT_TRUE(r.ok()) << r.out;
  EXPECT_NE(r.out.find("200001"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hello"), std::string::npos) << r.out;
}

TEST(Process, RunTimesOutAndKillsTheChild) {
  sys::RunOptions o;
  o.timeout = 200ms;
  auto start = std::chrono::steady_clock::now();
  auto r = sys::run({"sleep", "30"}, o);
  EXPECT_TRUE(r.timedOut);
  EXPECT_EQ(r.exitCode, 128 + SIGTERM);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(Process, MissingProgramNamesThePackage) {
  sys::RunOptions o;
  o.package = "lr-no-such-package";
  try {
    sys::run({"lr-no-such-program-t2x"}, o);
    FAIL() << "no exception";
  } catch (const sys::EnvironmentError& e) {
    EXPECT_NE(std::string(e.what()).find("lr-no-such-program-t2x"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("lr-no-such-package"), std::string::npos);
  }
}

TEST(Process, LongRunningProcessLogsAndStops) {
  auto log = std::filesystem::temp_directory_path() / "lr-t2x-process-test.log";
  std::filesystem::remove(log);
  sys::RunOptions o;
  o.logFile = log;
  auto p = sys::Process::start({"sh", "-c", "echo started; exec sleep 30"}, o);
  EXPECT_GT(p.pid(), 0);
  EXPECT_TRUE(p.running());
  EXPECT_FALSE(p.wait(100ms));
  EXPECT_EQ(p.stop(1s), 128 + SIGTERM);
  EXPECT_FALSE(p.running());
  EXPECT_EQ(p.stop(), 128 + SIGTERM);  // idempotent
  std::stringstream text;
  text << std::ifstream(log).rdbuf();
  EXPECT_EQ(text.str(), "started\n");
  std::filesystem::remove(log);
}

TEST(Process, StopEscalatesToKillAndReachesTheGroup) {
  auto p = sys::Process::start({"sh", "-c", "trap '' TERM; sleep 30 & wait"});
  std::this_thread::sleep_for(100ms);  // let the shell install its trap
  EXPECT_EQ(p.stop(200ms), 128 + SIGKILL);
}

TEST(Process, WaitReturnsTheExitCode) {
  auto p = sys::Process::start({"sh", "-c", "exit 7"});
  EXPECT_TRUE(p.wait(5s));
  EXPECT_EQ(p.exitCode(), 7);
  EXPECT_FALSE(p.running());
}

TEST(Process, EnvIsForTheChildOnly) {
  lab::sys::RunOptions o;
  o.env["LABRUN_TEST_ONLY_CHILD"] = "1";
  auto r = lab::sys::run({"sh", "-c", "echo $LABRUN_TEST_ONLY_CHILD"}, o);
  EXPECT_EQ(r.out, "1\n");
  EXPECT_EQ(std::getenv("LABRUN_TEST_ONLY_CHILD"), nullptr) << "labrun's own environment changed";
}

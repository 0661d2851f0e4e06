// The edit-rerun loop under UML: `labrun warm start` boots a guest once, and
// the next `labrun scenario` runs in it without booting, with the results a
// boot gives; Ctrl-C stops the job inside and leaves the guest warm; the
// guest halts after its idle timeout; it is the user's own (nobody neither
// sees nor reaches it, and has a warm guest of its own, which `labrun
// clean` stops). Two guest boots in all, in a run base of the test's own
// (a bare `labrun clean` as root would touch every lab on the machine).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include "harness/report/json_report.h"
#include "lab/core/run_dir.h"
#include "labrun_cli.h"

namespace fs = std::filesystem;
using namespace labrun_test;
using namespace std::chrono_literals;

namespace {

const std::string kLab = "it-warm";

bool warmGuestRunning(const fs::path& base) {
  return !processesMatching("uml_dir=" + (base / ".warm/uml").string()).empty();
}

// labrun in the background, its output in `log`; the pid.
pid_t labrunAsync(const std::vector<std::string>& args, const fs::path& log) {
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ::dup2(fd, 1);
  ::dup2(fd, 2);
  ::setenv("NO_COLOR", "1", 1);
  std::vector<char*> argv{const_cast<char*>(kLabrun.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  ::execv(argv[0], argv.data());
  ::_exit(127);
}

// nat-c in the warm guest: passes, boots nothing, leaves what a boot leaves.
void WarmRunPassesWithoutBoot(const std::string& what) {
  SCOPED_TRACE(what);
  const fs::path json = scratchFile("warm-" + what + ".json"), art = scratchFile("warm-art-" + what);
  const auto t0 = std::chrono::steady_clock::now();
  auto r = labrun({"scenario", "nat-c", "--kernel", "uml", "--lab", kLab, "--json", json.string(), "--artifacts",
                   art.string()});
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(r.exitCode, 0) << r.out;
  EXPECT_NE(r.out.find("warm guest (booted "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("), no boot"), std::string::npos) << r.out;
  const auto result = harness::report::readJson(json);
  EXPECT_EQ(result.exitCode, 0);
  EXPECT_LT(result.times.boot, 1.0) << "no boot: the job's first line within a second";
  EXPECT_FALSE(result.checks.empty());
  for (const auto& c : result.checks)
    EXPECT_EQ(c.verdict, harness::Verdict::Pass) << c.stage << ": " << c.check << ": " << c.detail;
  bool pcaps = false;
  for (const auto& e : fs::directory_iterator(art)) pcaps |= e.path().extension() == ".pcap";
  EXPECT_TRUE(pcaps) << "the wire captures, as with a boot";
  EXPECT_FALSE(fs::exists(lab::core::runBase() / kLab)) << "the run directory removed, as with a boot";
  std::cout << "warm nat-c (" << what << "): " << wall << " s wall, first line after " << result.times.boot
            << " s\n";
}

}  // namespace

TEST(WarmGuest, NoBootRerunCtrlCIdleAndPerUser) {
  if (!isRoot()) GTEST_SKIP() << "needs root to switch to the unprivileged user";
  const fs::path base = fs::path("/tmp") / ("labrun-warm-it-" + std::to_string(::getpid()));
  fs::remove_all(base);
  fs::create_directories(base);
  fs::permissions(base, fs::perms::owner_all);
  ::setenv("LABRUN_RUN_BASE", base.c_str(), 1);  // every labrun below inherits it

  auto start = labrun({"warm", "start", "--idle", "12"}, 120s);
  ASSERT_EQ(start.exitCode, 0) << start.out;
  ASSERT_TRUE(warmGuestRunning(base));
  auto status = labrun({"warm", "status"});
  EXPECT_EQ(status.exitCode, 0) << status.out;
  EXPECT_NE(status.out.find("warm guest: running"), std::string::npos) << status.out;
  EXPECT_EQ(fs::status(base / ".warm").permissions() & fs::perms::mask, fs::perms::owner_all);
  EXPECT_EQ(fs::status(base / ".warm/ctl").permissions() & fs::perms::mask, fs::perms::owner_all);

  // nobody: not its guest, and its spool is out of reach.
  const fs::path nbDir = fs::path("/tmp") / ("labrun-nobody-warm-" + std::to_string(::getpid()));
  fs::create_directories(nbDir / "scenarios");
  fs::copy_file(kLabrun, nbDir / "labrun", fs::copy_options::overwrite_existing);
  fs::copy_file(kSource + "/scenarios/gre-plain.yaml", nbDir / "scenarios/gre-plain.yaml",
                fs::copy_options::overwrite_existing);
  fs::permissions(nbDir, fs::perms::all, fs::perm_options::add);
  fs::permissions(nbDir / "scenarios", fs::perms::all, fs::perm_options::add);
  const fs::path nbBase = nbDir / "base";
  auto asNobody = [&](std::vector<std::string> args, const std::string& runBase) {
    lab::sys::RunOptions o;
    o.timeout = std::chrono::seconds(300);
    o.env = {{"NO_COLOR", "1"}, {"LABRUN_SCENARIOS_DIR", (nbDir / "scenarios").string()}, {"HOME", nbDir.string()},
             {"LABRUN_RUN_BASE", runBase}};
    args.insert(args.begin(), {"setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"});
    return lab::sys::run(args, o);
  };
  const std::string nbLabrun = (nbDir / "labrun").string();
  auto nbStatus = asNobody({nbLabrun, "warm", "status"}, base.string());  // pointed at root's run base
  EXPECT_EQ(nbStatus.exitCode, 1) << nbStatus.out;
  EXPECT_NE(nbStatus.out.find("no warm guest"), std::string::npos) << nbStatus.out;
  auto nbReach = asNobody({"sh", "-c", "echo x > " + (base / ".warm/ctl/x.req").string()}, base.string());
  EXPECT_NE(nbReach.exitCode, 0) << nbReach.out;
  EXPECT_FALSE(fs::exists(base / ".warm/ctl/x.req"));
  auto nbRun = asNobody({nbLabrun, "scenario", "gre-plain", "--kernel", "uml", "--lab", "it-nbw"}, base.string());
  EXPECT_NE(nbRun.exitCode, 0) << nbRun.out;
  EXPECT_EQ(nbRun.out.find("warm guest"), std::string::npos) << nbRun.out;

  WarmRunPassesWithoutBoot("first");
  WarmRunPassesWithoutBoot("second");

  {  // Ctrl-C during a warm job: the job stops inside, its lab torn down; the guest stays warm
    SCOPED_TRACE("ctrl-c");
    const fs::path log = scratchFile("warm-ctrlc.log");
    const pid_t pid = labrunAsync({"scenario", "nat-c", "--kernel", "uml", "--lab", kLab}, log);
    EXPECT_TRUE(waitForText(log, "--- stage: ", 60s)) << readFile(log);
    std::this_thread::sleep_for(1s);
    ::kill(pid, SIGINT);
    int st = 0;
    ::waitpid(pid, &st, 0);
    EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 130) << readFile(log);
    EXPECT_TRUE(warmGuestRunning(base));
    EXPECT_EQ(labrun({"warm", "status"}).exitCode, 0);
  }
  WarmRunPassesWithoutBoot("after-ctrl-c");  // same lab name: nothing of the stopped one was left

  {  // idle: the guest halts itself
    SCOPED_TRACE("idle");
    const auto until = std::chrono::steady_clock::now() + 60s;
    while (warmGuestRunning(base) && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(500ms);
    EXPECT_FALSE(warmGuestRunning(base));
    auto after = labrun({"warm", "status"});
    EXPECT_EQ(after.exitCode, 1) << after.out;
  }

  {  // nobody's own warm guest: its run goes there; labrun clean stops it
    SCOPED_TRACE("nobody's own");
    fs::create_directories(nbBase);
    ::chown(nbBase.c_str(), 65534, 65534);
    fs::permissions(nbBase, fs::perms::owner_all);
    auto nbStart = asNobody({nbLabrun, "warm", "start", "--idle", "60"}, nbBase.string());
    EXPECT_EQ(nbStart.exitCode, 0) << nbStart.out;
    auto nbWarm = asNobody({nbLabrun, "scenario", "gre-plain", "--kernel", "uml", "--lab", "it-nbw"}, nbBase.string());
    EXPECT_EQ(nbWarm.exitCode, 0) << nbWarm.out;
    EXPECT_NE(nbWarm.out.find("), no boot"), std::string::npos) << nbWarm.out;
    EXPECT_EQ(labrun({"warm", "status"}).exitCode, 1) << "root's own base has none";
    auto clean = asNobody({nbLabrun, "clean"}, nbBase.string());
    EXPECT_EQ(clean.exitCode, 0) << clean.out;
    EXPECT_FALSE(warmGuestRunning(nbBase));
    EXPECT_FALSE(fs::exists(nbBase / ".warm"));
    EXPECT_EQ(asNobody({nbLabrun, "warm", "status"}, nbBase.string()).exitCode, 1);
  }
  labrun({"warm", "stop"});
  asNobody({nbLabrun, "warm", "stop"}, nbBase.string());
  fs::remove_all(nbDir);
  fs::remove_all(base);
  ::unsetenv("LABRUN_RUN_BASE");
}

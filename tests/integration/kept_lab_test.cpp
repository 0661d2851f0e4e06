// A lab you can step into under UML: `scenario nat-c --keep` leaves the
// guest serving; exec passes output and exit codes through, shell gives a
// real TTY (driven under tmux), ls lists it, clean removes guest and run
// directory. One guest boot shared by the suite; one more as `nobody`.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>
#include <thread>

#include "lab/core/run_dir.h"
#include "labrun_cli.h"
#include "tmux_pane.h"

namespace fs = std::filesystem;
using namespace labrun_test;
using namespace std::chrono_literals;

namespace {

const std::string kLab = "it-keep";

bool guestRunning(const fs::path& runDir) { return !processesMatching("uml_dir=" + (runDir / "uml").string()).empty(); }

}  // namespace

namespace {
CliResult* kept_ = nullptr;

void KeepLeavesTheGuestServingAndPrintsTheDaemonsTools() {
  EXPECT_TRUE(guestRunning(lab::core::runBase() / kLab));
  EXPECT_NE(kept_->out.find("--- keep: lab " + kLab + " left running on the uml kernel"), std::string::npos)
      << kept_->out;
  // The exact whack command for A's own control socket, to run in A.
  EXPECT_NE(kept_->out.find("labrun exec " + kLab + " A -- ipsec whack --ctlsocket "), std::string::npos)
      << kept_->out;
  auto ls = labrun({"ls"});
  EXPECT_EQ(ls.exitCode, 0);
  EXPECT_NE(ls.out.find(kLab), std::string::npos) << ls.out;
  EXPECT_NE(ls.out.find("uml"), std::string::npos) << ls.out;
  EXPECT_NE(ls.out.find("running"), std::string::npos) << ls.out;
  EXPECT_NE(ls.out.find("nat-c, A, C"), std::string::npos) << ls.out;
}

void ExecShowsTheSasAndPingsThroughTheTunnel() {
  auto xfrm = labrun({"exec", kLab, "A", "--", "ip", "xfrm", "state"}, 60s);
  EXPECT_EQ(xfrm.exitCode, 0) << xfrm.out;
  EXPECT_NE(xfrm.out.find("proto esp"), std::string::npos) << xfrm.out;
  EXPECT_NE(xfrm.out.find("encap type espinudp"), std::string::npos) << xfrm.out;
  auto ping = labrun({"exec", kLab, "C", "--", "ping", "-c1", "-W5", "10.0.0.1"}, 60s);
  EXPECT_EQ(ping.exitCode, 0) << ping.out;
  EXPECT_NE(ping.out.find("1 received"), std::string::npos) << ping.out;
  // The daemons kept running: pluto answers on the socket --keep printed.
  const auto at = kept_->out.find("ipsec whack --ctlsocket ");
  ASSERT_NE(at, std::string::npos);
  std::istringstream line(kept_->out.substr(at));
  std::string ipsec, whack, flag, socket;
  line >> ipsec >> whack >> flag >> socket;
  auto status = labrun({"exec", kLab, "A", "--", "ipsec", "whack", "--ctlsocket", socket, "--trafficstatus"}, 60s);
  EXPECT_EQ(status.exitCode, 0) << status.out;
  EXPECT_NE(status.out.find("type=ESP"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("id='1.2.3.4'"), std::string::npos) << status.out;
}

void ExecPassesOutputAndExitCodeThrough() {
  auto r = labrun({"exec", kLab, "C", "--", "sh", "-c", "echo to-out; echo to-err >&2; exit 7"}, 60s);
  EXPECT_EQ(r.exitCode, 7) << r.out;
  EXPECT_NE(r.out.find("to-out"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("to-err"), std::string::npos) << r.out;
  auto missing = labrun({"exec", kLab, "C", "--", "no-such-program-here"}, 60s);
  EXPECT_EQ(missing.exitCode, 127) << missing.out;
}

void ABadLabOrNodeIsExit2NamingTheKeptLabs() {
  auto lab = labrun({"exec", "no-such-lab", "A", "--", "true"});
  EXPECT_EQ(lab.exitCode, 2) << lab.out;
  EXPECT_NE(lab.out.find(kLab + " (uml): sw, router, nat-c, A, C"), std::string::npos) << lab.out;
  auto node = labrun({"exec", kLab, "B", "--", "true"});
  EXPECT_EQ(node.exitCode, 2) << node.out;
  EXPECT_NE(node.out.find("no node 'B'"), std::string::npos) << node.out;
  EXPECT_NE(node.out.find("nat-c, A, C"), std::string::npos) << node.out;
  auto shell = labrun({"shell", kLab, "B"});
  EXPECT_EQ(shell.exitCode, 2) << shell.out;
}

void ShellGivesAPromptOnARealTerminal() {
  Tmux t;
  auto started = t.run({"new-session", "-d", "-s", "s", "-x", "120", "-y", "30",
                        kLabrun + " shell " + kLab + " A; echo SHELL-EXIT=$?; sleep 60"});
  ASSERT_EQ(started.exitCode, 0) << started.out;
  ASSERT_TRUE(t.waitFor("[" + kLab + " A]#", 30s)) << t.pane();  // capture-pane trims the space
  t.run({"send-keys", "-t", "s", "tty; stty size; ip -br addr show gre1; echo MARK-$((6*7))", "Enter"});
  ASSERT_TRUE(t.waitFor("MARK-42", 30s)) << t.pane();
  const auto pane = t.pane();
  EXPECT_NE(pane.find("/dev/pts/"), std::string::npos) << pane;  // a pty in the guest
  EXPECT_NE(pane.find("30 120"), std::string::npos) << pane;     // the window's size
  EXPECT_NE(pane.find("10.0.0.1/30"), std::string::npos) << pane;  // A's namespace
  t.run({"send-keys", "-t", "s", "exit 3", "Enter"});
  EXPECT_TRUE(t.waitFor("SHELL-EXIT=3", 30s)) << t.pane();
}

// Last in the suite: clean stops the guest and leaves nothing.
void ZCleanLeavesNoGuestNorRunDirectory() {
  const fs::path runDir = lab::core::runBase() / kLab;
  auto r = labrun({"clean", kLab});
  EXPECT_EQ(r.exitCode, 0) << r.out;
  EXPECT_FALSE(guestRunning(runDir));
  EXPECT_TRUE(processesMatching("umid=lr-" + kLab).empty());
  EXPECT_FALSE(fs::exists(runDir));
  EXPECT_TRUE(labNamespaces(kLab).empty());  // the guest's never reached the host
  auto after = labrun({"exec", kLab, "A", "--", "true"});
  EXPECT_EQ(after.exitCode, 2) << after.out;
}

}  // namespace

// Each ctest entry is a process of its own: one test, so one guest boot,
// carries every step.
TEST(KeptUml, KeepExecShellLsClean) {
  labrun({"clean", kLab});
  CliResult kept = labrun({"scenario", "nat-c", "--kernel", "uml", "--lab", kLab, "--keep"});
  kept_ = &kept;
  ASSERT_EQ(kept.exitCode, 0) << kept.out;
  {
    SCOPED_TRACE("KeepLeavesTheGuestServingAndPrintsTheDaemonsTools");
    KeepLeavesTheGuestServingAndPrintsTheDaemonsTools();
  }
  {
    SCOPED_TRACE("ExecShowsTheSasAndPingsThroughTheTunnel");
    ExecShowsTheSasAndPingsThroughTheTunnel();
  }
  {
    SCOPED_TRACE("ExecPassesOutputAndExitCodeThrough");
    ExecPassesOutputAndExitCodeThrough();
  }
  {
    SCOPED_TRACE("ABadLabOrNodeIsExit2NamingTheKeptLabs");
    ABadLabOrNodeIsExit2NamingTheKeptLabs();
  }
  {
    SCOPED_TRACE("ShellGivesAPromptOnARealTerminal");
    ShellGivesAPromptOnARealTerminal();
  }
  {
    SCOPED_TRACE("ZCleanLeavesNoGuestNorRunDirectory");
    ZCleanLeavesNoGuestNorRunDirectory();
  }
  labrun({"clean", kLab});
}

// The same as an unprivileged user (UML needs no privileges): keep, exec, clean.
TEST(KeptUmlUnprivileged, KeepExecCleanAsNobody) {
  if (!isRoot()) GTEST_SKIP() << "needs root to switch to the unprivileged user";
  auto dir = fs::path("/tmp") / ("labrun-nobody-keep-" + std::to_string(::getpid()));
  fs::create_directories(dir / "scenarios");
  fs::copy_file(kLabrun, dir / "labrun", fs::copy_options::overwrite_existing);
  fs::copy_file(kSource + "/scenarios/gre-plain.yaml", dir / "scenarios/gre-plain.yaml",
                fs::copy_options::overwrite_existing);
  fs::permissions(dir, fs::perms::all, fs::perm_options::add);
  fs::permissions(dir / "scenarios", fs::perms::all, fs::perm_options::add);
  auto asNobody = [&](std::vector<std::string> args) {
    lab::sys::RunOptions o;
    o.timeout = std::chrono::seconds(300);
    o.env["NO_COLOR"] = "1";
    o.env["LABRUN_SCENARIOS_DIR"] = (dir / "scenarios").string();
    o.env["HOME"] = dir.string();
    args.insert(args.begin(), {"setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                               (dir / "labrun").string()});
    return lab::sys::run(args, o);
  };
  const std::string lab = "it-nbkeep";
  auto kept = asNobody({"scenario", "gre-plain", "--kernel", "uml", "--lab", lab, "--keep"});
  EXPECT_EQ(kept.exitCode, 0) << kept.out;
  auto ping = asNobody({"exec", lab, "A", "--", "ping", "-c1", "-W5", "10.0.0.2"});
  EXPECT_EQ(ping.exitCode, 0) << ping.out;
  EXPECT_NE(ping.out.find("1 received"), std::string::npos) << ping.out;
  auto ls = asNobody({"ls"});
  EXPECT_NE(ls.out.find(lab), std::string::npos) << ls.out;
  auto clean = asNobody({"clean", lab});
  EXPECT_EQ(clean.exitCode, 0) << clean.out;
  EXPECT_TRUE(processesMatching("umid=lr-" + lab).empty());
  EXPECT_FALSE(fs::exists(fs::path("/tmp/labrun-65534") / lab));
  fs::remove_all(dir);
}

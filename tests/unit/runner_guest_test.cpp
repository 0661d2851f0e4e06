// The script a runner-sim guest runs (lab/kernel/uml/runner_guest.h): the UML
// kernel's module tree where modprobe looks for a running kernel's, the
// kernel's own modprobe, labrun's knobs passed in, never the guest-job marker.
#include <gtest/gtest.h>

#include <cstdlib>

#include "lab/kernel/uml/runner_guest.h"

using namespace lab::kernel::uml;

TEST(RunnerGuest, ScriptPutsTheModulesWhereModprobeLooksAndRunsTheCommand) {
  ::setenv("LABRUN_IPTABLES", "iptables-legacy", 1);
  ::setenv("LABRUN_IN_GUEST", "1", 1);
  RunnerOptions o;
  o.cwd = "/src/labrun";
  o.argv = {"ci/runner-jobs", "--out", "a b", "doctor"};
  const std::string s = runnerScript(o, "6.1.176", "/usr/lib/uml/modules/6.1.176", "/tmp/x/runner-mods");
  ::unsetenv("LABRUN_IPTABLES");
  ::unsetenv("LABRUN_IN_GUEST");

  EXPECT_NE(s.find("mount --bind '/usr/lib/uml/modules/6.1.176' /usr/lib/modules/'6.1.176'"), std::string::npos) << s;
  EXPECT_NE(s.find("lowerdir=/usr/lib,"), std::string::npos) << "the host's /usr/lib is left as it is";
  EXPECT_NE(s.find("echo /sbin/modprobe > /proc/sys/kernel/modprobe"), std::string::npos);
  EXPECT_NE(s.find("unset LABRUN_IN_GUEST"), std::string::npos);
  EXPECT_EQ(s.find("export LABRUN_IN_GUEST"), std::string::npos);
  EXPECT_NE(s.find("export LABRUN_IPTABLES='iptables-legacy'"), std::string::npos);
  EXPECT_NE(s.find(std::string("export LABRUN_RUN_BASE=") + kRunnerRunBase), std::string::npos);
  EXPECT_NE(s.find("cd '/src/labrun' && 'ci/runner-jobs' '--out' 'a b' 'doctor'"), std::string::npos) << s;
  EXPECT_NE(s.find("sed -u 's/^/@@lr /'"), std::string::npos) << "every output line is relayed";
}

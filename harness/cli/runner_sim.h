#pragma once
// labrun runner-sim [--lab NAME] -- CMD... (hidden; ci/runner-sim runs it):
// CMD as root in a UML guest standing in for a privileged CI runner, its
// output relayed, its exit status returned (lab/kernel/uml/runner_guest.h).
#include <string>
#include <vector>

namespace harness::cli {

struct RunnerSimArgs {
  std::vector<std::string> argv;
  std::string lab = "runner-sim";  // its run directory: <run base>/<lab>
  std::string memory = "768M";
  int timeoutSec = 1800;
};
int cmdRunnerSim(const RunnerSimArgs& args);

}  // namespace harness::cli

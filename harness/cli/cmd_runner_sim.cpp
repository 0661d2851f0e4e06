#include <unistd.h>

#include <iostream>

#include "harness/cli/runner_sim.h"
#include "harness/cli/fail.h"
#include "lab/core/run_dir.h"
#include "lab/kernel/uml/runner_guest.h"
#include "lab/sys/error.h"
#include "lab/sys/interrupt.h"

namespace harness::cli {
namespace fs = std::filesystem;

// labrun runner-sim -- CMD...: CMD as root in a UML guest standing in for a
// privileged CI runner (ci/runner-sim runs ci/runner-jobs there). Exit: CMD's.
int cmdRunnerSim(const RunnerSimArgs& args) {
  if (args.argv.empty()) {
    std::cerr << "labrun runner-sim: no command (labrun runner-sim -- CMD...)\n";
    return lab::sys::kExitBadInput;
  }
  lab::sys::installInterruptHandlers();
  try {
    auto dir = lab::core::RunDir::create(args.lab);
    lab::kernel::uml::RunnerOptions o;
    o.runDir = dir.path();
    o.umid = "lr-" + args.lab;
    o.argv = args.argv;
    o.cwd = fs::current_path();
    o.memory = args.memory;
    o.timeout = std::chrono::seconds(args.timeoutSec);
    return lab::kernel::uml::runAsRunner(o);
  } catch (const lab::sys::Interrupted& e) {
    std::cerr << "labrun runner-sim: " << e.what() << '\n';
    return lab::sys::kExitInterrupted;
  } catch (const lab::sys::EnvironmentError& e) {
    return failEnvironment(e);
  }
}

}  // namespace harness::cli

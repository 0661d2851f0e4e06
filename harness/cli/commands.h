#pragma once
// labrun's subcommands; each returns the process exit code (lab::sys::ExitCode).
#include <string>
#include <vector>

#include "harness/cli/ike_overrides.h"

namespace harness::cli {

struct ScenarioArgs {
  std::string scenario;         // NAME or PATH
  std::string kernel = "auto";  // host | uml | auto
  std::string lab;              // lab name override
  bool keep = false;
  std::string junit;            // --junit FILE
  std::string json;             // --json FILE
  std::string artifacts;        // --artifacts DIR
  int timeoutSec = 600;         // whole run
  bool noCapture = false;       // benchmarks: no pcaps, wire checks skipped
  IkeOverrides ike;             // --ike, --ikev, --auth
  // Internal: set when labrun is the init of a UML guest.
  bool inGuest = false;
  std::string runDir;
};

int cmdScenario(const ScenarioArgs& args);
int cmdList();
int cmdClean(const std::string& lab);
int cmdDoctor();
int cmdExec(const std::string& lab, const std::string& node, const std::vector<std::string>& argv);

}  // namespace harness::cli

#pragma once
// The outcome of one scenario run: what report writers print and what a UML
// guest hands back to the host (as JSON, see json_report.h).
#include <string>
#include <vector>

namespace harness {

enum class Verdict { Pass, Fail, Error, Skip };
const char* verdictName(Verdict v);  // "pass", "fail", "error", "skip"

struct CheckResult {
  std::string stage;
  std::string check;      // CheckSpec::describe()
  Verdict verdict = Verdict::Error;
  std::string detail;     // one or more lines: expected vs seen, pcap paths
  double seconds = 0;
};

struct PhaseTimes {       // wall time in seconds
  double boot = 0;        // UML boot (0 on the host backend)
  double build = 0;       // namespaces, links, NAT
  double checks = 0;
  double teardown = 0;
};

struct RunResult {
  std::string scenario;
  std::string lab;
  std::string kernel;     // "host" or "uml"
  std::string kernelWhy;  // why auto picked it
  std::vector<CheckResult> checks;
  PhaseTimes times;
  std::string artifactsDir;
  double guestMemoryMiB = 0;  // UML: guest memory in use after the checks (0 on the host)
  std::string error;      // set when the run could not complete (environment, lab error)
  int exitCode = 0;       // lab::sys::ExitCode
};

}  // namespace harness

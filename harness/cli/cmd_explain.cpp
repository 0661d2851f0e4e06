// labrun explain LOGFILE [--peer LOGFILE]: a diagnosis from a daemon's log
// alone (harness/explain/log_diagnosis.h). No lab, no privileges.
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "harness/cli/commands.h"
#include "harness/explain/log_diagnosis.h"
#include "harness/scenario/usage_error.h"
#include "lab/sys/error.h"

namespace harness::cli {
namespace {

// `path`'s lines ("-": standard input). Throws UsageError when unreadable.
std::vector<std::string> readLines(const std::string& path) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path);
    if (!file) throw scenario::UsageError(path + ": cannot read it");
    in = &file;
  }
  std::vector<std::string> lines;
  for (std::string line; std::getline(*in, line);) lines.push_back(line);
  if (lines.empty()) throw scenario::UsageError((path == "-" ? std::string("stdin") : path) + ": empty");
  return lines;
}

explain::LogDiagnosis diagnose(const std::string& path) {
  return explain::diagnoseLog(path == "-" ? "stdin" : path, readLines(path));
}

}  // namespace

int cmdExplain(const std::string& log, const std::string& peerLog) {
  try {
    const auto d = diagnose(log);
    std::optional<explain::LogDiagnosis> peer;
    if (!peerLog.empty()) peer = diagnose(peerLog);
    std::cout << explain::renderDiagnosis(d, peer);
    // Like grep: 0 when it found a failure it knows, 1 when it did not.
    return explain::diagnosed(d) || (peer && explain::diagnosed(*peer)) ? lab::sys::kExitPass
                                                                        : lab::sys::kExitCheckFailed;
  } catch (const scenario::UsageError& e) {
    std::cerr << "labrun explain: " << e.what() << '\n';
    return lab::sys::kExitBadInput;
  }
}

}  // namespace harness::cli

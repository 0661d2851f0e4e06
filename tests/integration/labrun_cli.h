#pragma once
// Runs the labrun binary the way a user does, for integration tests.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "harness/report/result.h"
#include "lab/sys/process.h"

namespace labrun_test {

inline const std::string kLabrun = LABRUN_BINARY;
inline const std::string kSource = LABRUN_SOURCE_DIR;

struct CliResult {
  int exitCode = -1;
  std::string out;
};

CliResult labrun(const std::vector<std::string>& args, std::chrono::seconds timeout = std::chrono::seconds(300));

// Namespaces named lr-<lab>-* that exist now.
std::vector<std::string> labNamespaces(const std::string& lab);
// Processes whose command line contains `needle` (excluding this test).
std::vector<int> processesMatching(const std::string& needle);
// Waits until `file` contains `text` (true) or the timeout passes (false).
bool waitForText(const std::filesystem::path& file, const std::string& text, std::chrono::seconds timeout);
std::string readFile(const std::filesystem::path& file);
bool hostHasGre();
bool isRoot();

// A path in this test process's scratch directory (created, never shared).
std::filesystem::path scratchFile(const std::string& name);
// The check of `stage` whose name starts with `prefix`, or nullptr.
const harness::CheckResult* findCheck(const harness::RunResult& r, const std::string& stage,
                                      const std::string& prefix);

}  // namespace labrun_test

#pragma once
// The HTML report of a scenario run: index.html in its artifacts directory,
// always, and the --html FILE when asked for.
#include <string>

#include "harness/report/result.h"
#include "harness/scenario/scenario_spec.h"

namespace harness::cli {

// False (after saying why on stderr) when the --html FILE could not be
// written; a failing index.html is a warning only.
bool writeHtmlReports(const ScenarioSpec& spec, const RunResult& r, const std::string& htmlFile);

}  // namespace harness::cli

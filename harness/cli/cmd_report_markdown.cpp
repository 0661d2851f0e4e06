// labrun report markdown IN.json OUT.md: a run's result JSON (scenario
// --json) or a matrix JSON (matrix --json, report merge) as the Markdown
// --markdown writes, Mermaid diagrams included, after the fact.
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "harness/cli/commands.h"
#include "harness/matrix/matrix_diagrams.h"
#include "harness/matrix/matrix_report.h"
#include "harness/report/atomic_file.h"
#include "harness/report/json_report.h"
#include "harness/report/markdown_run.h"
#include "harness/scenario/locator.h"
#include "harness/scenario/parser.h"
#include "lab/sys/error.h"

namespace harness::cli {

int cmdReportMarkdown(const std::string& in, const std::string& out) {
  std::string markdown;
  try {
    std::ifstream f(in);
    if (!f) throw report::JsonReportError(in + ": cannot read");
    std::ostringstream text;
    text << f.rdbuf();
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(text.str());
    } catch (const nlohmann::json::parse_error& e) {
      throw report::JsonReportError(in + ": not valid JSON: " + e.what());
    }
    if (j.is_object() && j.value("format", "") == "labrun-matrix") {
      markdown = matrix::markdownReport(matrix::readMatrixJson(in), {});
    } else {
      const RunResult r = report::readJson(in);
      std::optional<ScenarioSpec> spec;
      try {  // the topology, when the scenario is still to be found by its name
        spec = scenario::loadScenario(scenario::resolveScenario(r.scenario), {r.lab});
      } catch (const std::exception& e) {
        std::cerr << "labrun report markdown: no topology drawn: " << e.what() << '\n';
      }
      markdown = report::runMarkdown(r, spec ? &*spec : nullptr);
    }
  } catch (const report::JsonReportError& e) {
    std::cerr << "labrun report markdown: " << e.what() << '\n';
    return lab::sys::kExitBadInput;
  }
  try {
    report::writeFileAtomically(out, markdown);
  } catch (const std::exception& e) {
    std::cerr << "labrun report markdown: " << e.what() << '\n';
    return lab::sys::kExitEnvironment;
  }
  return lab::sys::kExitPass;
}

}  // namespace harness::cli

// The matrix's Markdown with Mermaid diagrams of its failed cases (matrix_diagrams.h).
#include "harness/matrix/matrix_diagrams.h"

#include <optional>
#include <set>
#include <sstream>

#include "harness/matrix/matrix_table.h"
#include "harness/report/markdown_mermaid.h"
#include "harness/report/markdown_run.h"
#include "harness/scenario/locator.h"
#include "harness/scenario/overrides.h"
#include "harness/scenario/parser.h"

namespace harness::matrix {
namespace {

bool failed(CaseStatus s) { return s == CaseStatus::Fail || s == CaseStatus::Error || s == CaseStatus::Timeout; }

// The case's scenario with its pairing, version, auth and releases applied.
std::optional<ScenarioSpec> specOf(const MatrixCase& c, const std::vector<ScenarioSpec>& specs) {
  std::optional<ScenarioSpec> s;
  for (const auto& spec : specs)
    if (spec.name == c.scenario) s = spec;
  try {
    if (!s) s = scenario::loadScenario(scenario::resolveScenario(c.file.empty() ? c.scenario : c.file.string()));
    if (c.hasIke()) c.applyTo(*s);
  } catch (const std::exception&) {  // moved, renamed or no longer valid: no topology
    return std::nullopt;
  }
  return s;
}

std::string failedCases(const std::vector<const CaseOutcome*>& fails, const std::vector<ScenarioSpec>& specs);
std::string topologies(const MatrixReport& m, const std::vector<ScenarioSpec>& specs);

}  // namespace

std::string markdownReport(const MatrixReport& m, const std::vector<ScenarioSpec>& specs) {
  std::ostringstream os;
  os << markdownTable(m);
  std::vector<const CaseOutcome*> fails;
  for (const auto& o : m.cases)
    if (failed(o.status)) fails.push_back(&o);
  if (!fails.empty()) os << failedCases(fails, specs);
  os << topologies(m, specs);
  return os.str();
}

namespace {

// The failed cases: what failed, then the run's diagrams (its topology and
// the ladders of its failed stages).
std::string failedCases(const std::vector<const CaseOutcome*>& fails, const std::vector<ScenarioSpec>& specs) {
  std::ostringstream os;
  os << "\n### Failed cases\n\n";
  for (std::size_t i = 0; i < fails.size(); ++i) {
    const CaseOutcome& o = *fails[i];
    if (i == kMaxDrawnCases) {
      os << "Not drawn (" << fails.size() - i << " more):";
      for (; i < fails.size(); ++i) os << " `" << fails[i]->c.id << "`";
      os << "\n";
      break;
    }
    os << "#### " << report::markdownCell(o.c.id) << ": " << statusName(o.status) << "\n\n";
    if (!o.note.empty()) os << report::markdownCell(o.note) << "\n\n";
    if (!o.result.error.empty()) os << report::markdownFence(o.result.error) << '\n';
    for (const auto& ch : o.result.checks)
      if (ch.verdict == Verdict::Fail || ch.verdict == Verdict::Error)
        os << "- " << verdictName(ch.verdict) << ": " << report::markdownCell(ch.stage) << " / `"
           << ch.check << "`\n";
    os << '\n';
    const auto spec = specOf(o.c, specs);
    os << report::runDiagrams(o.result, spec ? &*spec : nullptr, 5);
  }
  return os.str();
}

// Each scenario's topology once, drawn with its first case's daemons,
// folded away under the table (a passing matrix draws these alone).
std::string topologies(const MatrixReport& m, const std::vector<ScenarioSpec>& specs) {
  std::ostringstream os;
  std::set<std::string> drawn;
  for (const auto& o : m.cases) {
    if (!drawn.insert(o.c.scenario).second) continue;
    const auto spec = specOf(o.c, specs);
    if (!spec) continue;
    if (drawn.size() == 1) os << "\n### Topologies\n\n";
    os << "<details><summary>" << report::markdownCell(o.c.scenario) << "</summary>\n\n"
       << report::topologyFlowchart(*spec, o.result.daemons) << "\n</details>\n\n";
  }
  return os.str();
}

}  // namespace
}  // namespace harness::matrix

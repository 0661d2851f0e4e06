#pragma once
// The matrix's Markdown (--markdown, `report merge --markdown`): the table
// (matrix_table.h) and, for each failed case, its topology (the scenario
// with the case's daemons, version and authentication) and the IKE ladder
// of each stage it failed, as Mermaid diagrams GitHub renders; then each
// scenario's topology once, folded in <details> (drawn for a passing
// matrix too).
#include <string>
#include <vector>

#include "harness/matrix/matrix_report.h"
#include "harness/scenario/scenario_spec.h"

namespace harness::matrix {

// At most this many failed cases are drawn (a job summary holds 1 MiB);
// the rest are listed by id.
inline constexpr std::size_t kMaxDrawnCases = 12;

// specs: the scenarios the run loaded (as in their files); a failed case
// whose scenario is not among them is looked up by name (shipped or a path)
// and drawn without a topology when that fails.
std::string markdownReport(const MatrixReport& m, const std::vector<ScenarioSpec>& specs);

}  // namespace harness::matrix

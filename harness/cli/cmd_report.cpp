// labrun report merge: shard JSON files (labrun matrix --json) into one
// report, table, JUnit and Markdown file.
#include <unistd.h>

#include <iostream>

#include "harness/cli/commands.h"
#include "harness/matrix/matrix_diagrams.h"
#include "harness/matrix/matrix_html.h"
#include "harness/matrix/matrix_table.h"
#include "harness/report/atomic_file.h"
#include "harness/report/json_report.h"
#include "harness/report/junit_report.h"
#include "lab/sys/error.h"

namespace harness::cli {

int cmdReportMerge(const ReportMergeArgs& a) {
  matrix::MatrixReport m;
  try {
    std::vector<matrix::MatrixReport> parts;
    for (const auto& in : a.inputs) parts.push_back(matrix::readMatrixJson(in));
    m = matrix::mergeReports(parts);
  } catch (const report::JsonReportError& e) {
    std::cerr << "labrun report merge: " << e.what() << '\n';
    return lab::sys::kExitBadInput;
  }
  try {
    matrix::writeMatrixJson(m, a.out);
    if (!a.junit.empty()) report::writeJunit(matrix::junitRuns(m), a.junit);
    if (!a.markdown.empty()) report::writeFileAtomically(a.markdown, matrix::markdownReport(m, {}));
    if (!a.html.empty()) matrix::writeMatrixHtml(m, a.html);
  } catch (const std::exception& e) {
    std::cerr << "labrun report merge: " << e.what() << '\n';
    return lab::sys::kExitEnvironment;
  }
  const bool color = ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
  matrix::printMatrixTable(std::cout, m, color);
  if (m.total != static_cast<int>(m.cases.size()))
    std::cout << "labrun report merge: warning: " << m.cases.size() << " case(s) merged, the matrix has "
              << m.total << " (a shard is missing?)\n";
  return matrix::matrixExitCode(m.cases);
}

}  // namespace harness::cli

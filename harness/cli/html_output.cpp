#include "harness/cli/html_output.h"

#include <filesystem>
#include <iostream>

#include "harness/report/html/html_page.h"
#include "harness/report/html/report_view_of.h"

namespace harness::cli {
namespace fs = std::filesystem;

bool writeHtmlReports(const ScenarioSpec& spec, const RunResult& r, const std::string& htmlFile) {
  const auto view = report::html::reportViewOf(spec, r);
  std::error_code ec;
  if (!r.artifactsDir.empty() && fs::is_directory(r.artifactsDir, ec)) {
    try {
      report::html::writeHtmlReport(view, r, fs::path(r.artifactsDir) / "index.html");
    } catch (const std::exception& e) {
      std::cerr << "labrun: warning: no index.html in the artifacts: " << e.what() << '\n';
    }
  }
  if (htmlFile.empty()) return true;
  try {
    report::html::writeHtmlReport(view, r, htmlFile);
    return true;
  } catch (const std::exception& e) {
    std::cerr << "labrun: cannot write the HTML report " << htmlFile << ": " << e.what() << '\n';
    return false;
  }
}

}  // namespace harness::cli

// One scenario run as Markdown with Mermaid diagrams (markdown_run.h).
#include "harness/report/markdown_run.h"

#include <algorithm>
#include <sstream>

#include "harness/report/console_report.h"
#include "harness/report/markdown_mermaid.h"

namespace harness::report {
namespace {

std::string verdictOf(const RunResult& r) {
  if (!r.error.empty()) return "ERROR";
  for (const auto& c : r.checks)
    if (c.verdict == Verdict::Fail || c.verdict == Verdict::Error) return "FAIL";
  return r.exitCode == 0 ? "PASS" : "FAIL";
}

// Text inside an HTML element (<summary>).
std::string htmlText(std::string_view s) {
  std::string out;
  for (char c : s) out += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : std::string(1, c);
  return out;
}

}  // namespace

std::string markdownCell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

std::string markdownFence(const std::string& text, const std::string& info) {
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  return fence + info + "\n" + text + (text.ends_with('\n') ? "" : "\n") + fence + "\n";
}

std::string runDiagrams(const RunResult& r, const ScenarioSpec* spec, int level) {
  const std::string h(static_cast<std::size_t>(level), '#');
  std::ostringstream os;
  if (spec) os << h << " Topology\n\n" << topologyFlowchart(*spec, r.daemons) << '\n';
  for (const auto& ladder : r.ikeLadders) {
    const auto checks = checksOf(r, ladder.stage);
    if (!stageWantsLadder(checks)) continue;
    os << h << " Stage \"" << markdownCell(ladder.stage) << "\": IKE on the wire\n\n"
       << ladderSequence(ladder, spec ? &spec->topology : nullptr, checks) << '\n';
  }
  return os.str();
}

std::string runMarkdown(const RunResult& r, const ScenarioSpec* spec) {
  std::ostringstream os;
  os << "## labrun scenario " << markdownCell(r.scenario) << ": " << verdictOf(r) << "\n\n"
     << summaryLine(r) << "; lab `" << r.lab << "` on the " << (r.kernel.empty() ? "?" : r.kernel) << " kernel";
  if (!r.kernelWhy.empty()) os << " (" << markdownCell(r.kernelWhy) << ")";
  os << ".\n\n";
  if (!r.error.empty()) os << "**Error:**\n\n" << markdownFence(r.error) << '\n';
  if (!r.daemons.empty()) {
    os << "IKE daemons:\n\n";
    for (const auto& d : r.daemons) os << "- " << d.host << ": " << d.describe() << '\n';
    os << '\n';
  }
  if (!r.checks.empty()) {
    os << "| stage | check | verdict | time |\n|---|---|---|---|\n";
    for (const auto& c : r.checks)
      os << "| " << markdownCell(c.stage) << " | " << markdownCell(c.check) << " | " << verdictName(c.verdict)
         << " | " << formatDuration(c.seconds) << " |\n";
    os << '\n';
  }
  for (const auto& c : r.checks)
    if ((c.verdict == Verdict::Fail || c.verdict == Verdict::Error) && !c.detail.empty())
      os << "<details><summary>" << verdictName(c.verdict) << ": " << htmlText(c.stage) << " / "
         << htmlText(c.check) << "</summary>\n\n" << markdownFence(c.detail) << "\n</details>\n\n";
  if (r.esp.total() > 0) os << r.esp.describe() << ".\n\n";
  os << runDiagrams(r, spec, 3);
  return os.str();
}

}  // namespace harness::report

#include "harness/matrix/matrix_html.h"

#include <algorithm>
#include <map>

#include "harness/matrix/matrix_table.h"
#include "harness/report/atomic_file.h"
#include "harness/report/console_report.h"
#include "harness/report/html/html_style.h"
#include "harness/report/html/html_text.h"

namespace harness::matrix {
namespace fs = std::filesystem;
using report::html::esc;

namespace {

std::string cellClass(const std::string& verdict) {
  if (verdict == "PASS") return "pass";
  if (verdict == "FAIL") return "fail";
  if (verdict == "TIMEOUT") return "timeout";
  if (verdict == "ERROR") return "error";
  if (verdict == "UNSUP") return "unsupported";
  if (verdict == "SKIP") return "skip";
  if (verdict == "INTR") return "notrun";
  return "na";
}

std::string caseLink(const CaseOutcome& o, const fs::path& pageDir) {
  if (o.result.artifactsDir.empty()) return "";
  const fs::path page = fs::path(o.result.artifactsDir) / "index.html";
  const fs::path rel = fs::absolute(page).lexically_relative(fs::absolute(pageDir));
  return report::html::hrefOf((rel.empty() ? page : rel).string());
}

struct Grid {
  std::vector<std::string> columns, rows;
  std::map<std::pair<std::string, std::string>, const CaseOutcome*> cases;  // (row, column)
};

}  // namespace

std::string matrixHtml(const MatrixReport& m, const fs::path& pageDir) {
  std::map<std::string, Grid> byAuth;
  for (const auto& o : m.cases) {
    Grid& g = byAuth[o.c.auth];
    const std::string col = o.c.hasIke() ? shortPairing(o.c.pairing) + " v" + std::to_string(o.c.ikeVersion) +
                                               (o.c.releases.empty() ? "" : " " + o.c.releases)
                                         : "result";
    if (std::find(g.columns.begin(), g.columns.end(), col) == g.columns.end()) g.columns.push_back(col);
    std::vector<std::string> stages = o.c.stages;
    if (stages.empty()) stages.push_back("(run)");
    for (const auto& st : stages) {
      const std::string row = o.c.scenario + " / " + st;
      if (std::find(g.rows.begin(), g.rows.end(), row) == g.rows.end()) g.rows.push_back(row);
      g.cases[{row, col}] = &o;
    }
  }
  std::string s = report::html::pageHead("labrun matrix");
  s += "<header>\n<h1>labrun \xC2\xB7 matrix</h1>\n<p>" + esc(matrixSummary(m)) + "</p>\n<p>" + esc(espSummary(m)) +
       "</p>\n<p class=\"settings\">shard " + esc(m.shard) + ", " + esc(m.kernel.empty() ? "-" : m.kernel) +
       " kernel. Each cell links to its case's own report.</p>\n</header>\n";
  for (auto& [auth, g] : byAuth) {
    std::sort(g.columns.begin(), g.columns.end());
    s += "<section class=\"grid\" data-auth=\"" + esc(auth) + "\">\n<h2>" +
         esc(auth.empty() ? "scenarios without IKE" : "IKE auth " + auth) +
         "</h2>\n<table class=\"matrix\">\n<tr><th>scenario / stage</th>";
    for (const auto& c : g.columns) s += "<th>" + esc(c) + "</th>";
    s += "</tr>\n";
    for (const auto& r : g.rows) {
      s += "<tr><th>" + esc(r) + "</th>";
      const std::string stage = r.substr(r.find(" / ") + 3);
      for (const auto& c : g.columns) {
        auto it = g.cases.find({r, c});
        if (it == g.cases.end()) {
          s += "<td class=\"cell na\"></td>";
          continue;
        }
        const CaseOutcome& o = *it->second;
        const StageCell cell = stageCell(o, stage);
        std::string text = cell.verdict + (cell.outcome.empty() ? "" : " " + cell.outcome);
        if (cell.seconds > 0) text += " " + report::formatDuration(cell.seconds);
        const std::string title = o.c.id + (o.note.empty() ? "" : ": " + o.note);
        const std::string href = caseLink(o, pageDir);
        s += "<td class=\"cell " + cellClass(cell.verdict) + "\" data-case=\"" + esc(o.c.id) + "\" title=\"" +
             esc(title) + "\">" + (href.empty() ? esc(text) : "<a href=\"" + esc(href) + "\">" + esc(text) + "</a>") +
             "</td>";
      }
      s += "</tr>\n";
    }
    s += "</table>\n</section>\n";
  }
  std::string notes;
  for (const auto& o : m.cases)
    if (o.status != CaseStatus::Pass && !o.note.empty())
      notes += "<li><span class=\"mono\">" + esc(o.c.id) + "</span>: " + esc(o.note) + "</li>\n";
  if (!notes.empty()) s += "<h2>Notes</h2>\n<ul>\n" + notes + "</ul>\n";
  return s + report::html::pageTail();
}

void writeMatrixHtml(const MatrixReport& m, const fs::path& file) {
  report::writeFileAtomically(file, matrixHtml(m, fs::absolute(file).parent_path()));
}

}  // namespace harness::matrix

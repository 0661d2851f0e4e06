#include "harness/matrix/matrix_table.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "harness/report/console_report.h"
#include "lab/ike/registry.h"

namespace harness::matrix {
namespace {

// Columns by role, not host name: "lsw+ssw" is the first IPsec host (in the
// scenario's order) running libreswan and the second strongSwan, whichever
// hosts a scenario names (A-B, A-C), so every scenario shares the same columns.
std::string rolePairing(const std::string& pairing) {
  if (pairing.find('=') == std::string::npos) return pairing;
  std::string out;
  std::size_t start = 0;
  while (start <= pairing.size()) {
    std::size_t comma = pairing.find(',', start);
    const std::string item = pairing.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    out += (out.empty() ? "" : "+") + item.substr(item.find('=') + 1);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

struct Column {
  std::string pairing;
  int version = 0;
  std::string auth;
  std::string releases;  // by role too: "bullseye+trixie"; empty: the machine's own
  bool operator<(const Column& o) const {
    return std::tie(auth, pairing, releases, version) < std::tie(o.auth, o.pairing, o.releases, o.version);
  }
  bool operator==(const Column&) const = default;
};

Column columnOf(const MatrixCase& c) { return {rolePairing(c.pairing), c.ikeVersion, c.auth, rolePairing(c.releases)}; }

// The daemon versions a case ran, by role: "4.3/6.0.1" (a host's first
// daemon; one that a stage moved to another release shows as "4.3>4.10").
std::string versionsOf(const RunResult& r) {
  std::vector<std::string> hosts;
  std::map<std::string, std::string> v;
  for (const auto& d : r.daemons) {
    if (!v.count(d.host)) hosts.push_back(d.host);
    v[d.host] += (v[d.host].empty() ? "" : ">") + d.version;
  }
  std::string out;
  for (const auto& h : hosts) out += (out.empty() ? "" : "/") + v[h];
  return out;
}

struct Grid {
  std::string title;
  std::vector<Column> columns;
  std::map<std::size_t, std::string> versions;  // column -> the daemon versions its cases ran
  std::vector<std::string> rows;                      // "scenario / stage"
  std::map<std::pair<std::string, std::size_t>, std::string> cells;  // (row, column) -> text
};

std::string cellText(const StageCell& c) {
  std::string t = c.verdict;
  if (!c.outcome.empty()) t += " " + c.outcome;
  if (c.verdict != "-" && c.verdict != "UNSUP" && c.seconds > 0) t += " " + report::formatDuration(c.seconds);
  return t;
}

// One grid per auth method ("" = no IKE), in a stable order.
std::vector<Grid> buildGrids(const MatrixReport& m) {
  std::map<std::string, Grid> byAuth;
  for (const auto& o : m.cases) {
    Grid& g = byAuth[o.c.auth];
    Column col = columnOf(o.c);
    if (std::find(g.columns.begin(), g.columns.end(), col) == g.columns.end()) g.columns.push_back(col);
  }
  for (auto& [auth, g] : byAuth) {
    std::sort(g.columns.begin(), g.columns.end());
    g.title = auth.empty() ? "scenarios without IKE" : "IKE auth " + auth;
  }
  for (const auto& o : m.cases) {
    Grid& g = byAuth[o.c.auth];
    Column col = columnOf(o.c);
    const std::size_t ci = static_cast<std::size_t>(std::find(g.columns.begin(), g.columns.end(), col) - g.columns.begin());
    if (auto v = versionsOf(o.result); !v.empty() && !g.versions.count(ci)) g.versions[ci] = v;
    std::vector<std::string> stages = o.c.stages;
    if (stages.empty()) stages.push_back("(run)");
    for (const auto& st : stages) {
      const std::string row = o.c.scenario + " / " + st;
      if (std::find(g.rows.begin(), g.rows.end(), row) == g.rows.end()) g.rows.push_back(row);
      g.cells[{row, ci}] = cellText(stageCell(o, st));
    }
  }
  std::vector<Grid> out;
  for (auto& [auth, g] : byAuth) out.push_back(std::move(g));
  return out;
}

// "lsw+ssw v2", with the releases and the versions the cases ran when they
// were chosen: "lsw+ssw v2 bullseye+trixie 4.3/6.0.1".
std::string header(const Grid& g, std::size_t ci) {
  const Column& c = g.columns[ci];
  if (c.pairing.empty()) return "result";
  std::string h = shortPairing(c.pairing) + " v" + std::to_string(c.version);
  if (!c.releases.empty()) {
    h += " " + c.releases;
    if (auto it = g.versions.find(ci); it != g.versions.end()) h += " " + it->second;
  }
  return h;
}

const char* colorOf(const std::string& cell) {
  if (cell.rfind("PASS", 0) == 0) return "\033[32m";
  if (cell.rfind("FAIL", 0) == 0 || cell.rfind("TIMEOUT", 0) == 0) return "\033[1;31m";
  if (cell.rfind("ERROR", 0) == 0) return "\033[1;35m";
  if (cell.rfind("UNSUP", 0) == 0 || cell.rfind("SKIP", 0) == 0) return "\033[33m";
  return "";
}

std::string pad(const std::string& s, std::size_t w) { return s + std::string(w > s.size() ? w - s.size() : 0, ' '); }

std::string firstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

// Every case that did not simply pass, with what explains it.
std::vector<std::string> notes(const MatrixReport& m) {
  std::vector<std::string> out;
  for (const auto& o : m.cases) {
    if (o.status == CaseStatus::Pass && o.note.empty()) continue;
    std::string why = o.note;
    if (why.empty() && !o.result.error.empty()) why = firstLine(o.result.error);
    if (why.empty()) {
      for (const auto& ch : o.result.checks)
        if (ch.verdict == Verdict::Fail || ch.verdict == Verdict::Error) {
          why = ch.stage + ": " + ch.check + ": " + firstLine(ch.detail);
          if (auto oc = firstOutcome(ch.detail); !oc.empty()) why += " (outcome " + oc + ")";
          break;
        }
    }
    out.push_back(o.c.id + ": " + statusName(o.status) + (why.empty() ? "" : " — " + why));
  }
  return out;
}

// "lsw = libreswan, ssw = strongSwan"
std::string legend() {
  std::string out;
  for (const auto* impl : lab::ike::implementations())
    out += (out.empty() ? "" : ", ") + std::string(impl->shortName()) + " = " + std::string(impl->displayName());
  return out;
}

}  // namespace

std::string shortPairing(const std::string& pairing) {
  std::string s = pairing;
  for (const auto* impl : lab::ike::implementations()) {
    const std::string from(impl->name()), to(impl->shortName());
    for (std::size_t p; (p = s.find(from)) != std::string::npos;) s.replace(p, from.size(), to);
  }
  return s;
}

std::string matrixSummary(const MatrixReport& m) {
  std::map<CaseStatus, int> n;
  int ruledOut = 0;
  for (const auto& o : m.cases) {
    ++n[o.status];
    if (!o.c.notApplicable.empty()) ++ruledOut;
  }
  std::ostringstream os;
  os << m.cases.size() << " case" << (m.cases.size() == 1 ? "" : "s") << ": " << n[CaseStatus::Pass] << " passed, "
     << n[CaseStatus::Fail] << " failed";
  for (auto s : {CaseStatus::Timeout, CaseStatus::Unsupported, CaseStatus::Error, CaseStatus::Interrupted,
                 CaseStatus::NotRun})
    if (n[s]) {
      os << ", " << n[s] << " " << statusName(s);
      if (s == CaseStatus::Unsupported && ruledOut) os << " (" << ruledOut << " N/A, not run)";
    }
  if (m.total > static_cast<int>(m.cases.size())) os << " (of " << m.total << " in the whole matrix)";
  os << "; " << report::formatDuration(m.wallSeconds) << " wall with " << m.jobs << " job" << (m.jobs == 1 ? "" : "s");
  if (!m.kernel.empty()) os << " (" << m.kernel << " kernel)";
  return os.str();
}

std::string espSummary(const MatrixReport& m) {
  EspCounts total;
  for (const auto& o : m.cases) total += o.result.esp;
  return total.describe() + " (every case, every captured link)";
}

void printMatrixTable(std::ostream& os, const MatrixReport& m, bool color) {
  for (const auto& g : buildGrids(m)) {
    std::size_t rw = 5;
    for (const auto& r : g.rows) rw = std::max(rw, r.size());
    std::vector<std::size_t> cw;
    for (std::size_t c = 0; c < g.columns.size(); ++c) {
      std::size_t w = header(g, c).size();
      for (const auto& r : g.rows)
        if (auto it = g.cells.find({r, c}); it != g.cells.end()) w = std::max(w, it->second.size());
      cw.push_back(w);
    }
    os << g.title << '\n' << pad("", rw);
    for (std::size_t c = 0; c < g.columns.size(); ++c) os << "  " << pad(header(g, c), cw[c]);
    os << '\n';
    for (const auto& r : g.rows) {
      os << pad(r, rw);
      for (std::size_t c = 0; c < g.columns.size(); ++c) {
        auto it = g.cells.find({r, c});
        const std::string text = it == g.cells.end() ? "" : it->second;
        const char* code = color ? colorOf(text) : "";
        os << "  " << code << text << (*code ? "\033[0m" : "") << std::string(cw[c] - text.size(), ' ');
      }
      os << '\n';
    }
    os << '\n';
  }
  const auto ns = notes(m);
  if (!ns.empty()) {
    os << "notes:\n";
    for (const auto& n : ns) os << "  " << n << '\n';
  }
  os << legend() << "; lsw+ssw: the first IPsec host runs libreswan, the second strongSwan; N/A: not run, the scenario rules it out (see notes)\n";
  os << matrixSummary(m) << '\n' << espSummary(m) << '\n';
}

std::string markdownTable(const MatrixReport& m) {
  auto esc = [](std::string s) {
    for (std::size_t p = 0; (p = s.find('|', p)) != std::string::npos; p += 2) s.replace(p, 1, "\\|");
    return s;
  };
  std::ostringstream os;
  os << "## labrun matrix\n\n" << matrixSummary(m) << "\n\n" << espSummary(m) << "\n\n";
  for (const auto& g : buildGrids(m)) {
    os << "### " << g.title << "\n\n| scenario / stage |";
    for (std::size_t c = 0; c < g.columns.size(); ++c) os << ' ' << esc(header(g, c)) << " |";
    os << "\n|---|";
    for (std::size_t c = 0; c < g.columns.size(); ++c) os << "---|";
    os << '\n';
    for (const auto& r : g.rows) {
      os << "| " << esc(r) << " |";
      for (std::size_t c = 0; c < g.columns.size(); ++c) {
        auto it = g.cells.find({r, c});
        os << ' ' << (it == g.cells.end() ? "" : esc(it->second)) << " |";
      }
      os << '\n';
    }
    os << '\n';
  }
  const auto ns = notes(m);
  if (!ns.empty()) {
    os << "**Notes**\n\n";
    for (const auto& n : ns) os << "- " << esc(n) << '\n';
    os << '\n';
  }
  os << legend() << "; `lsw+ssw`: the first IPsec host runs libreswan, the second strongSwan; N/A: not run, the scenario rules it out (see notes).\n";
  return os.str();
}

}  // namespace harness::matrix

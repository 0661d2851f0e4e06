#include "harness/explain/log_diagnosis.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "harness/explain/advice.h"
#include "harness/scenario/usage_error.h"
#include "lab/ike/registry.h"
#include "lab/release/shipped.h"

namespace harness::explain {
namespace {

using lab::ike::OutcomeEvent;

// The outcomes of `lines` by the implementation's table: for the version
// the log names, or with every rule when it names none (the lines are the
// evidence; a version-bounded rule only says which versions print them).
void findOutcomes(LogDiagnosis& d, const std::vector<std::string>& lines) {
  const auto& table = d.impl->outcomeTable();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (auto c = d.impl->idClaim(line)) d.claims.push_back(*c);
    const std::string conn = d.impl->connOfLogLine(line);
    if (!conn.empty() && std::find(d.conns.begin(), d.conns.end(), conn) == d.conns.end()) d.conns.push_back(conn);
    const lab::ike::OutcomeRule* rule = d.version.empty() ? lab::ike::firstMatchAnyVersion(table, line)
                                                          : lab::ike::firstMatch(table, d.version, line);
    if (!rule) continue;
    d.events.push_back({"", std::string(d.impl->name()), d.version, conn, rule->outcome, line, rule->terminal,
                        rule->meaning});
    d.eventLines.push_back(i + 1);
  }
}

std::string describeSource(const LogDiagnosis& d) {
  std::string s = d.source + ": " + std::string(d.impl->displayName()) + " log";
  if (d.version.empty()) {
    s += " (its version is not in these lines: no start banner; every rule of the table applied)";
  } else {
    s += " (" + std::string(d.impl->displayName()) + " " + d.version;
    auto rs = lab::release::releasesShipping(std::string(d.impl->name()), d.version);
    for (std::size_t i = 0; i < rs.size(); ++i) s += (i ? ", " : "; Debian ") + rs[i];
    if (!rs.empty()) s += rs.size() == 1 ? " ships it" : " ship it";
    if (!d.impl->outcomeTable().verified(d.version)) s += "; labrun's matchers are not verified on this version";
    s += ")";
  }
  s += ", " + std::to_string(d.lineCount) + " lines";
  if (!d.conns.empty()) {
    s += ", connection" + std::string(d.conns.size() > 1 ? "s " : " ");
    for (std::size_t i = 0; i < d.conns.size(); ++i) s += (i ? ", " : "") + d.conns[i];
  }
  return s;
}

// Each distinct outcome once, the first line that showed it.
std::string describeOutcomes(const LogDiagnosis& d) {
  std::string s;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < d.events.size(); ++i) {
    const auto& e = d.events[i];
    if (!seen.insert(e.outcome).second) continue;
    s += "outcome: " + e.outcome + " — " + e.meaning + "\n  line " + std::to_string(d.eventLines[i]) + ": " + e.line +
         "\n";
  }
  return s;
}

// The peer's advice as this report's reader sees it: its "this side" is
// the peer, its "the peer" this side.
std::string swapSides(std::string s) {
  auto replaceAll = [&s](const std::string& from, const std::string& to) {
    for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) s.replace(at, from.size(), to);
  };
  replaceAll("this side", "\x01");
  replaceAll("this host", "\x01");
  replaceAll("the peer", "this side");
  replaceAll("\x01", "the peer");
  return s;
}

}  // namespace

LogDiagnosis diagnoseLog(const std::string& source, const std::vector<std::string>& lines) {
  LogDiagnosis d;
  d.source = source;
  d.lineCount = lines.size();
  std::string known;
  for (const auto* impl : lab::ike::implementations()) {
    known += (known.empty() ? "" : ", ") + std::string(impl->displayName());
    if (auto v = impl->versionOfLog(lines)) {
      d.impl = impl;
      d.version = *v;
      break;
    }
  }
  if (!d.impl)
    throw scenario::UsageError(source + ": not a log labrun reads (known: " + known +
                               "; pluto's logfile or charon's, or journalctl's lines of either)");
  findOutcomes(d, lines);
  return d;
}

std::string renderDiagnosis(const LogDiagnosis& d, const std::optional<LogDiagnosis>& peer) {
  std::string s = describeSource(d) + "\n";
  if (peer) s += "peer: " + describeSource(*peer) + "\n";
  if (!diagnosed(d) && !(peer && diagnosed(*peer)))
    return s + "no failure labrun knows in these lines (" + std::to_string(d.impl->outcomeTable().rules.size()) +
               " outcome rules of " + std::string(d.impl->displayName()) + " tried)\n";
  s += describeOutcomes(d);
  if (peer) {
    std::istringstream p(describeOutcomes(*peer));
    for (std::string line; std::getline(p, line);) s += (line.rfind("outcome:", 0) == 0 ? "peer's " : "") + line + "\n";
  }
  s += whyAndFix(d, peer ? &*peer : nullptr);
  // The peer's advice, worded from this side; a line both logs give once.
  if (peer) {
    std::istringstream p(swapSides(whyAndFix(*peer, &d)));
    for (std::string line; std::getline(p, line);)
      if (s.find(line + "\n") == std::string::npos) s += line + "\n";
  }
  s += "reproduce: " + reproduceCommand(d, peer) + "\n";
  return s;
}

}  // namespace harness::explain

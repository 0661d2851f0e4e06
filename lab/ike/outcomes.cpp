#include "lab/ike/outcomes.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "lab/ike/registry.h"

namespace lab::ike {

bool OutcomeTable::verified(const std::string& version) const {
  return std::find(verifiedOn.begin(), verifiedOn.end(), version) != verifiedOn.end();
}

std::string OutcomeTable::unverifiedNote(const std::string& daemon, const std::string& version) const {
  if (verified(version)) return "";
  std::string on, outcomes;
  for (const auto& v : verifiedOn) on += (on.empty() ? "" : ", ") + v;
  std::set<std::string> seen;
  const Version v(version);
  for (const auto& r : rules)
    if (r.versions.contains(v) && seen.insert(r.outcome).second) outcomes += (outcomes.empty() ? "" : ", ") + r.outcome;
  const std::string shown = version.empty() ? "(unknown version)" : version;
  return daemon + " " + shown + ": outcome matchers verified on " + (on.empty() ? "no version" : on) +
         " only; unverified for " + shown + ": " + (outcomes.empty() ? "none apply" : outcomes);
}

namespace {

// The first rule `holds` admits whose pattern matches `line`; patterns are
// compiled once per table.
template <class Holds>
const OutcomeRule* firstMatching(const OutcomeTable& table, const std::string& line, Holds holds) {
  static thread_local std::map<const OutcomeTable*, std::vector<std::regex>> compiled;
  auto& res = compiled[&table];
  if (res.size() != table.rules.size()) {
    res.clear();
    for (const auto& r : table.rules) res.emplace_back(r.pattern);
  }
  for (std::size_t i = 0; i < table.rules.size(); ++i)
    if (holds(table.rules[i]) && std::regex_search(line, res[i])) return &table.rules[i];
  return nullptr;
}

}  // namespace

const OutcomeRule* firstMatch(const OutcomeTable& table, const std::string& version, const std::string& line) {
  const Version v(version);
  return firstMatching(table, line, [&](const OutcomeRule& r) { return r.versions.contains(v); });
}

const OutcomeRule* firstMatchAnyVersion(const OutcomeTable& table, const std::string& line) {
  return firstMatching(table, line, [](const OutcomeRule&) { return true; });
}

std::vector<std::string> expandOutcome(const std::string& outcome) {
  if (outcome == "id-rejected")
    return {"notify:INVALID_ID_INFORMATION", "notify:AUTHENTICATION_FAILED", "peer-id-mismatch"};
  if (outcome == "cannot-identify-ourselves") return {"rejected:cannot-identify-ourselves"};
  return {outcome};
}

std::vector<std::string> knownOutcomes() {
  std::set<std::string> s{"established", "id-rejected", "cannot-identify-ourselves"};
  for (const auto* impl : implementations())
    for (const auto& r : impl->outcomeTable().rules) s.insert(r.outcome);
  return {s.begin(), s.end()};
}

}  // namespace lab::ike

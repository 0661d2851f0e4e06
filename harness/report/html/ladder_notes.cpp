#include "harness/report/html/ladder_notes.h"

#include <algorithm>
#include <regex>
#include <set>

namespace harness::report::html {
namespace {

bool isInformational(const std::string& exchange) {
  std::string e = exchange;
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return e.rfind("informational", 0) == 0;
}

bool encrypted(const LadderMessage& m) {
  return std::any_of(m.payloads.begin(), m.payloads.end(), [](const std::string& p) {
    return p == "encrypted" || p == "SK";
  });
}

}  // namespace

void annotateNotifies(std::vector<LadderEntry>& ladder, const std::vector<const CheckResult*>& stageChecks,
                      const std::vector<Lifeline>& lifelines) {
  // labrun's own outcome wording: "notify:NAME at HOST" (check names and details).
  static const std::regex re(R"(notify:([A-Z0-9_]+) at ([A-Za-z0-9_.-]+))");
  std::set<std::pair<std::string, std::string>> seen;  // (notify, host)
  for (const auto* c : stageChecks)
    for (const std::string* text : {&c->check, &c->detail})
      for (auto it = std::sregex_iterator(text->begin(), text->end(), re); it != std::sregex_iterator(); ++it)
        seen.insert({(*it)[1].str(), (*it)[2].str()});
  for (const auto& [notify, host] : seen) {
    if (!isErrorNotify(notify)) continue;
    const Lifeline* line = nullptr;
    for (const auto& l : lifelines)
      if (l.name == host) line = &l;
    if (!line) continue;
    for (auto& e : ladder) {
      if (!e.message || !isInformational(e.message->exchange) || !encrypted(*e.message)) continue;
      const auto& a = line->addresses;
      if (std::find(a.begin(), a.end(), e.message->src) == a.end()) continue;
      e.message->notes.push_back("N(" + notify + ") inside, per " + host + "'s daemon log");
      break;
    }
  }
}

}  // namespace harness::report::html

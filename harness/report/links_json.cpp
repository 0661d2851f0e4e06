#include "harness/report/links_json.h"

#include <string>

#include "harness/report/json_report.h"

namespace harness::report {
namespace {

using Json = nlohmann::json;

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw JsonReportError("labrun result JSON: " + where + ": " + what);
}

void onlyKeys(const Json& j, const std::string& at, std::initializer_list<const char*> keys) {
  if (!j.is_object()) fail(at, "expected an object");
  for (const auto& [key, value] : j.items()) {
    bool known = false;
    for (const char* k : keys) known = known || key == k;
    if (!known) fail(at + "." + key, "unknown field");
  }
  for (const char* k : keys)
    if (!j.contains(k)) fail(at + "." + k, "missing field");
}

std::string str(const Json& j, const std::string& at, const char* key) {
  if (!j.at(key).is_string()) fail(at + "." + key, "expected a string");
  return j.at(key).get<std::string>();
}

}  // namespace

Json linksToJson(const std::vector<LinkStacks>& links) {
  Json out = Json::array();
  for (const auto& l : links) {
    Json stacks = Json::array();
    for (const auto& s : l.stacks)
      stacks.push_back({{"stack", s.stack}, {"from", s.from}, {"to", s.to}, {"count", s.count}});
    out.push_back({{"stage", l.stage}, {"node", l.node}, {"iface", l.iface}, {"pcap", l.pcap}, {"stacks", stacks}});
  }
  return out;
}

std::vector<LinkStacks> linksFromJson(const Json& j) {
  if (!j.is_array()) fail("$.links", "expected an array");
  std::vector<LinkStacks> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string at = "$.links[" + std::to_string(i) + "]";
    onlyKeys(j[i], at, {"stage", "node", "iface", "pcap", "stacks"});
    LinkStacks l{str(j[i], at, "stage"), str(j[i], at, "node"), str(j[i], at, "iface"), str(j[i], at, "pcap"), {}};
    const Json& stacks = j[i].at("stacks");
    if (!stacks.is_array()) fail(at + ".stacks", "expected an array");
    for (std::size_t k = 0; k < stacks.size(); ++k) {
      const std::string sat = at + ".stacks[" + std::to_string(k) + "]";
      onlyKeys(stacks[k], sat, {"stack", "from", "to", "count"});
      const Json& n = stacks[k].at("count");
      if (!n.is_number_unsigned()) fail(sat + ".count", "expected a count >= 0");
      l.stacks.push_back({str(stacks[k], sat, "stack"), str(stacks[k], sat, "from"), str(stacks[k], sat, "to"),
                          n.get<std::size_t>()});
    }
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace harness::report

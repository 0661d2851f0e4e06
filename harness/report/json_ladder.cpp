#include "harness/report/json_ladder.h"

#include "harness/report/json_reader.h"

namespace harness::report {
namespace {

using json::Json;
using json::Reader;

std::vector<std::string> strings(const Reader& r, const std::string& key) {
  const Json& v = r.field(key);
  if (!v.is_array()) Reader::fail(r.path() + "." + key, "expected an array");
  std::vector<std::string> out;
  for (const auto& s : v) {
    if (!s.is_string()) Reader::fail(r.path() + "." + key, "expected strings");
    out.push_back(s.get<std::string>());
  }
  return out;
}

bool boolean(const Reader& r, const std::string& key) {
  const Json& v = r.field(key);
  if (!v.is_boolean()) Reader::fail(r.path() + "." + key, "expected true or false");
  return v.get<bool>();
}

Json entryToJson(const capture::LadderEntry& e) {
  Json j{{"time", e.time}, {"kind", e.daemon ? "daemon" : "message"}, {"what", e.what}, {"notifies", e.notifies}};
  if (e.daemon) {
    j["host"] = e.host;
    j["outcome"] = e.outcome;
    j["logLine"] = e.logLine;
  } else {
    j.update({{"from", e.from}, {"to", e.to}, {"fromNode", e.fromNode}, {"toNode", e.toNode}, {"via", e.via},
              {"retransmission", e.retransmission}});
  }
  return j;
}

capture::LadderEntry entryFromJson(const Json& j, const std::string& path) {
  Reader r(j, path);
  capture::LadderEntry e;
  const std::string kind = r.string("kind");
  if (kind != "daemon" && kind != "message") Reader::fail(path + ".kind", "expected \"message\" or \"daemon\"");
  e.daemon = kind == "daemon";
  if (e.daemon) {
    r.onlyKeys({"time", "kind", "what", "notifies", "host", "outcome", "logLine"});
    e.host = r.string("host");
    e.outcome = r.string("outcome");
    e.logLine = r.string("logLine");
  } else {
    r.onlyKeys({"time", "kind", "what", "notifies", "from", "to", "fromNode", "toNode", "via", "retransmission"});
    e.from = r.string("from");
    e.to = r.string("to");
    e.fromNode = r.string("fromNode");
    e.toNode = r.string("toNode");
    e.via = r.string("via");
    e.retransmission = boolean(r, "retransmission");
  }
  e.time = r.seconds("time");
  e.what = r.string("what");
  e.notifies = strings(r, "notifies");
  return e;
}

}  // namespace

Json ladderToJson(const IkeLadder& l) {
  Json entries = Json::array();
  for (const auto& e : l.entries) entries.push_back(entryToJson(e));
  return {{"stage", l.stage}, {"lines", l.lines}, {"entries", std::move(entries)}};
}

IkeLadder ladderFromJson(const Json& j, const std::string& path) {
  Reader l(j, path);
  l.onlyKeys({"stage", "lines", "entries"});
  IkeLadder ladder{l.string("stage"), strings(l, "lines"), {}};
  if (j.contains("entries")) {
    const Json& es = l.field("entries");
    if (!es.is_array()) Reader::fail(path + ".entries", "expected an array");
    for (std::size_t i = 0; i < es.size(); ++i)
      ladder.entries.push_back(entryFromJson(es[i], path + ".entries[" + std::to_string(i) + "]"));
  }
  return ladder;
}

}  // namespace harness::report

#include "harness/scenario/stages_reader.h"

#include <set>

#include <algorithm>

#include "harness/assert/ike_outcomes.h"
#include "harness/capture/stack_pattern.h"
#include "harness/scenario/ipsec_reader.h"
#include "harness/scenario/suggest.h"

namespace harness::scenario {
namespace {

std::optional<PingCheck> readPing(YamlReader& r, const Field& f, const NodeIndex& nodes) {
  auto fields = r.fields(f.value, f.path, {"from", "to", "count", "loss", "timeout"}, {"from", "to"},
                         "a map { from, to, count, loss, timeout }");
  if (!fields) return std::nullopt;
  PingCheck p;
  bool ok = true;
  if (const Field* from = fields->get("from")) {
    if (auto name = r.text(from->value, from->path, "a host name")) {
      // With a broken topology section, unknown names are consequences, not news.
      if ((!nodes.nodes.count(*name) || nodes.nodes.at(*name).kind != "host") && nodes.complete) {
        r.error(from->value, from->path, "unknown host '" + *name + "'", suggestHint(*name, nodes.hosts));
        ok = false;
      }
      p.from = *name;
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  if (const Field* to = fields->get("to")) {
    auto a = r.ip(to->value, to->path);
    ok = ok && a.has_value();
    if (a) p.to = *a;
  } else {
    ok = false;
  }
  if (const Field* c = fields->get("count")) {
    auto v = r.integer(c->value, c->path, 1, 1000);
    ok = ok && v.has_value();
    if (v) p.count = static_cast<int>(*v);
  }
  if (const Field* l = fields->get("loss")) {
    auto v = r.integer(l->value, l->path, 0, 100);
    ok = ok && v.has_value();
    if (v) p.maxLossPercent = static_cast<int>(*v);
  }
  if (const Field* t = fields->get("timeout")) {
    auto v = r.number(t->value, t->path, 0, 3600);
    ok = ok && v.has_value();
    if (v) p.timeoutSec = *v;
  }
  if (!ok) return std::nullopt;
  return p;
}

bool readLink(YamlReader& r, const Field& f, const NodeIndex& nodes, WireCheck& w) {
  auto link = r.text(f.value, f.path, "<node>:<interface>");
  if (!link) return false;
  auto colon = link->find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == link->size() ||
      link->find(':', colon + 1) != std::string::npos) {
    r.error(f.value, f.path, "expected <node>:<interface>, got '" + *link + "'", "e.g. A:eth0 or nat-c:outside");
    return false;
  }
  w.node = link->substr(0, colon);
  w.iface = link->substr(colon + 1);
  auto it = nodes.nodes.find(w.node);
  if (it == nodes.nodes.end()) {
    if (!nodes.complete) return false;
    auto hint = suggestHint(w.node, nodes.order, false);
    r.error(f.value, f.path, "unknown node '" + w.node + "'",
            hint.empty() ? "known nodes: " + joinNames(nodes.order) : hint);
    return false;
  }
  const NodeInfo& n = it->second;
  bool known = false;
  for (const auto& i : n.ifaces) known = known || i == w.iface;
  if (!known && n.complete) {
    auto hint = suggestHint(w.iface, n.ifaces, false);
    r.error(f.value, f.path, n.kind + " " + w.node + " has no interface '" + w.iface + "'",
            hint.empty() ? w.node + "'s interfaces: " + joinNames(n.ifaces) : hint);
    return false;
  }
  return known;
}

std::optional<std::vector<std::string>> readPatterns(YamlReader& r, const Field& f) {
  auto list = r.textList(f.value, f.path, "a header-stack pattern");
  if (!list) return std::nullopt;
  bool ok = true;
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string err;
    if (capture::StackPattern::parse((*list)[i], &err)) continue;
    YAML::Node at = f.value.IsSequence() ? f.value[i] : f.value;
    std::string path = f.value.IsSequence() ? f.path + "[" + std::to_string(i) + "]" : f.path;
    r.error(at, path, "invalid header-stack pattern '" + (*list)[i] + "': " + err);
    ok = false;
  }
  if (!ok) return std::nullopt;
  return list;
}

std::optional<WireCheck> readWire(YamlReader& r, const Field& f, const NodeIndex& nodes) {
  auto fields = r.fields(f.value, f.path, {"link", "shows", "never", "from", "to"}, {"link"},
                         "a map { link, shows, never, from, to }");
  if (!fields) return std::nullopt;
  WireCheck w;
  bool ok = true;
  if (const Field* link = fields->get("link")) ok = readLink(r, *link, nodes, w);
  else ok = false;
  const Field* shows = fields->get("shows");
  const Field* never = fields->get("never");
  if (!shows && !never) {
    r.error(f.value, f.path, "a wire check needs shows: or never: (or both)");
    ok = false;
  }
  if (shows) {
    auto v = readPatterns(r, *shows);
    ok = ok && v.has_value();
    if (v) w.shows = *v;
  }
  if (never) {
    auto v = readPatterns(r, *never);
    ok = ok && v.has_value();
    if (v) w.never = *v;
  }
  for (const char* key : {"from", "to"}) {
    const Field* a = fields->get(key);
    if (!a) continue;
    auto ip = r.ip(a->value, a->path);
    ok = ok && ip.has_value();
    if (ip) (std::string(key) == "from" ? w.from : w.to) = *ip;
  }
  if (!ok) return std::nullopt;
  return w;
}

std::optional<TunnelCheck> readTunnel(YamlReader& r, const Field& f, const StageContext& ctx) {
  if (!ctx.ipsec) {
    if (!ctx.ipsecDeclared)
      r.error(f.key, f.path, "tunnel: checks the IPsec connection, and there is no ipsec: section");
    return std::nullopt;
  }
  TunnelCheck t;
  auto state = [&](const YAML::Node& n, const std::string& path) {
    auto v = r.text(n, path, "up or down");
    if (!v) return false;
    if (*v != "up" && *v != "down") {
      r.error(n, path, "unknown tunnel state '" + *v + "' (expected up or down)", suggestHint(*v, {"up", "down"}, false));
      return false;
    }
    t.up = *v == "up";
    return true;
  };
  if (f.value.IsScalar()) return state(f.value, f.path) ? std::optional(t) : std::nullopt;
  auto fields = r.fields(f.value, f.path, {"state", "timeout"}, {"state"}, "up, down or a map { state, timeout }");
  if (!fields) return std::nullopt;
  bool ok = true;
  if (const Field* st = fields->get("state")) ok = state(st->value, st->path);
  if (const Field* to = fields->get("timeout")) {
    auto v = r.number(to->value, to->path, 0, 3600);
    ok = ok && v.has_value();
    if (v) t.timeoutSec = *v;
  }
  if (!ok) return std::nullopt;
  return t;
}

FaultSpec readFault(YamlReader& r, const Field& f, const StageContext& ctx) {
  FaultSpec out;
  if (!ctx.ipsec) {
    if (!ctx.ipsecDeclared) r.error(f.key, f.path, "fault: injects IPsec faults, and there is no ipsec: section");
    return out;
  }
  auto fields = r.fields(f.value, f.path, {"wrong-psk", "kill-daemon", "block-ike"}, {},
                         "a map { wrong-psk, kill-daemon, block-ike } naming IPsec ends");
  if (!fields) return out;
  const std::vector<std::string> ends = {ctx.ipsec->hosts[0], ctx.ipsec->hosts[1]};
  for (const auto& kv : fields->all()) {
    auto host = r.text(kv.value, kv.path, "an IPsec end (host name)");
    if (!host) continue;
    if (*host != ends[0] && *host != ends[1]) {
      r.error(kv.value, kv.path, "'" + *host + "' is not an end of the IPsec connection", suggestHint(*host, ends));
      continue;
    }
    (kv.name == "wrong-psk" ? out.wrongPsk : kv.name == "kill-daemon" ? out.killDaemon : out.blockIke) = *host;
  }
  if (!out.wrongPsk.empty() && ctx.ipsec->auth != lab::ike::Auth::Psk)
    r.error(f.value, f.path, "wrong-psk: the connection authenticates with RSA keys", "use auth: psk");
  return out;
}

std::optional<IkeCheck> readIke(YamlReader& r, const Field& f, const StageContext& ctx) {
  if (!ctx.ipsec) {
    if (!ctx.ipsecDeclared) r.error(f.key, f.path, "ike: checks IKE outcomes, and there is no ipsec: section");
    return std::nullopt;
  }
  auto fields = r.fields(f.value, f.path, {"at", "outcome", "timeout"}, {"outcome"}, "a map { at, outcome, timeout }");
  if (!fields) return std::nullopt;
  IkeCheck c;
  bool ok = true;
  const std::vector<std::string> ends = {ctx.ipsec->hosts[0], ctx.ipsec->hosts[1]};
  if (const Field* at = fields->get("at")) {
    auto h = r.text(at->value, at->path, "an IPsec end (host name)");
    if (h && *h != ends[0] && *h != ends[1]) {
      r.error(at->value, at->path, "'" + *h + "' is not an end of the IPsec connection", suggestHint(*h, ends));
      ok = false;
    } else if (h) {
      c.at = *h;
    } else {
      ok = false;
    }
  }
  if (const Field* o = fields->get("outcome")) {
    auto v = r.text(o->value, o->path, "an IKE outcome");
    const auto known = assert::knownOutcomes();
    if (v && std::find(known.begin(), known.end(), *v) == known.end() && v->rfind("notify:", 0) != 0) {
      r.error(o->value, o->path, "unknown IKE outcome '" + *v + "'", suggestHint(*v, known));
      ok = false;
    } else if (v) {
      c.outcome = *v;
    } else {
      ok = false;
    }
  }
  if (const Field* t = fields->get("timeout")) {
    auto v = r.number(t->value, t->path, 0, 3600);
    ok = ok && v.has_value();
    if (v) c.timeoutSec = *v;
  }
  if (!ok) return std::nullopt;
  return c;
}

std::optional<CheckSpec> readCheck(YamlReader& r, const YAML::Node& n, const std::string& path,
                                   const StageContext& ctx) {
  const NodeIndex& nodes = ctx.nodes;
  static const std::vector<std::string> kinds = {"ping", "wire", "tunnel", "ike"};
  auto fields = r.fields(n, path, kinds, {}, "a check (a map with one key: ping, wire, tunnel or ike)");
  if (!fields) return std::nullopt;
  if (fields->all().size() != 1) {
    if (fields->all().empty() && n.size() == 0)
      r.error(n, path, "empty check", "expected ping:, wire:, tunnel: or ike:");
    else if (fields->all().size() > 1)
      r.error(n, path, "a check has exactly one of ping:, wire:, tunnel: or ike:", "write each check as its own list item");
    return std::nullopt;
  }
  const Field& f = fields->all().front();
  CheckSpec spec;
  spec.pos = YamlReader::pos(n);
  if (f.name == "ping") {
    auto p = readPing(r, f, nodes);
    if (!p) return std::nullopt;
    spec.check = *p;
  } else if (f.name == "wire") {
    auto w = readWire(r, f, nodes);
    if (!w) return std::nullopt;
    spec.check = *w;
  } else if (f.name == "tunnel") {
    auto t = readTunnel(r, f, ctx);
    if (!t) return std::nullopt;
    spec.check = *t;
  } else {
    auto i = readIke(r, f, ctx);
    if (!i) return std::nullopt;
    spec.check = *i;
  }
  return spec;
}

}  // namespace

std::vector<StageSpec> readStages(YamlReader& r, const Field* f, const StageContext& ctx) {
  std::vector<StageSpec> out;
  if (!f) return out;  // missing: reported as a missing required key
  if (!r.expectList(f->value, f->path, "a list of stages")) return out;
  if (f->value.size() == 0) {
    r.error(f->value, f->path, "no stages defined", "a scenario needs at least one stage with checks");
    return out;
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < f->value.size(); ++i) {
    const YAML::Node item = f->value[i];
    const std::string path = f->path + "[" + std::to_string(i) + "]";
    auto fields = r.fields(item, path, {"name", "set", "config", "fault", "checks"}, {"name", "checks"},
                           "a map { name, set, config, fault, checks }");
    if (!fields) continue;
    StageSpec stage;
    if (const Field* name = fields->get("name")) {
      if (auto s = r.text(name->value, name->path, "a stage name")) {
        if (s->empty() || s->find('\n') != std::string::npos)
          r.error(name->value, name->path, "a stage name is one non-empty line");
        else if (!names.insert(*s).second)
          r.error(name->value, name->path, "duplicate stage name '" + *s + "'");
        stage.name = *s;
      }
    }
    if (const Field* set = fields->get("set")) {
      if (ctx.ipsec) stage.set = readConnSettings(r, *set, ctx.ipsec);
      else if (!ctx.ipsecDeclared) readConnSettings(r, *set, nullptr);  // reports the missing section
    }
    if (const Field* fault = fields->get("fault")) stage.fault = readFault(r, *fault, ctx);
    if (const Field* cfg = fields->get("config")) {
      if (ctx.ipsec) stage.config = readLiteralConfigs(r, *cfg, ctx.ipsec);
      else if (!ctx.ipsecDeclared) readLiteralConfigs(r, *cfg, nullptr);
    }
    if (const Field* checks = fields->get("checks")) {
      if (r.expectList(checks->value, checks->path, "a list of checks")) {
        if (checks->value.size() == 0)
          r.error(checks->value, checks->path, "stage has no checks", "add ping:, wire:, tunnel: or ike: checks");
        for (std::size_t j = 0; j < checks->value.size(); ++j) {
          auto c = readCheck(r, checks->value[j], checks->path + "[" + std::to_string(j) + "]", ctx);
          if (c) stage.checks.push_back(std::move(*c));
        }
      }
    }
    out.push_back(std::move(stage));
  }
  return out;
}

}  // namespace harness::scenario

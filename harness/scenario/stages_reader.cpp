#include "harness/scenario/stages_reader.h"
#include "harness/scenario/stage_release_reader.h"

#include <set>

#include <algorithm>

#include "harness/capture/stack_pattern.h"
#include "harness/scenario/ipsec_reader.h"
#include "harness/scenario/suggest.h"
#include "lab/ike/outcomes.h"

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

std::vector<std::string> connNames(const IpsecSpec& ipsec) {
  std::vector<std::string> out;
  for (const auto& c : ipsec.conns) out.push_back(c.name);
  return out;
}

// `conn: NAME` of a check: one of the scenario's connections.
bool readConnRef(YamlReader& r, const Fields& fields, const IpsecSpec& ipsec, std::string& out) {
  const Field* c = fields.get("conn");
  if (!c) return true;
  auto name = r.text(c->value, c->path, "a connection name");
  if (!name) return false;
  if (!ipsec.conn(*name)) {
    const auto names = connNames(ipsec);
    r.error(c->value, c->path, "unknown connection '" + *name + "' (connections: " + joinNames(names) + ")",
            suggestHint(*name, names, false));
    return false;
  }
  out = *name;
  return true;
}

std::optional<TunnelCheck> readTunnel(YamlReader& r, const Field& f, const StageContext& ctx) {
  if (!ctx.ipsec) {
    if (!ctx.ipsecDeclared)
      r.error(f.key, f.path, "tunnel: checks an IPsec connection, and there is no ipsec: section");
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
  auto fields = r.fields(f.value, f.path, {"conn", "state", "timeout"}, {"state"},
                         "up, down or a map { conn, state, timeout }");
  if (!fields) return std::nullopt;
  bool ok = readConnRef(r, *fields, *ctx.ipsec, t.conn);
  if (const Field* st = fields->get("state")) ok = state(st->value, st->path) && ok;
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
  const std::vector<std::string> ends = ctx.ipsec->hosts();
  for (const auto& kv : fields->all()) {
    auto host = r.text(kv.value, kv.path, "an IPsec end (host name)");
    if (!host) continue;
    if (std::find(ends.begin(), ends.end(), *host) == ends.end()) {
      r.error(kv.value, kv.path, "'" + *host + "' is not an end of an IPsec connection", suggestHint(*host, ends));
      continue;
    }
    (kv.name == "wrong-psk" ? out.wrongPsk : kv.name == "kill-daemon" ? out.killDaemon : out.blockIke) = *host;
  }
  if (!out.wrongPsk.empty()) {
    bool psk = false;
    for (const auto* c : ctx.ipsec->connsOf(out.wrongPsk)) psk = psk || c->auth == lab::ike::Auth::Psk;
    if (!psk) r.error(f.value, f.path, "wrong-psk: " + out.wrongPsk + "'s connections authenticate with RSA keys", "use auth: psk");
  }
  return out;
}

std::optional<IkeCheck> readIke(YamlReader& r, const Field& f, const StageContext& ctx) {
  if (!ctx.ipsec) {
    if (!ctx.ipsecDeclared) r.error(f.key, f.path, "ike: checks IKE outcomes, and there is no ipsec: section");
    return std::nullopt;
  }
  auto fields = r.fields(f.value, f.path, {"conn", "at", "outcome", "timeout"}, {"outcome"},
                         "a map { conn, at, outcome, timeout }");
  if (!fields) return std::nullopt;
  IkeCheck c;
  bool ok = readConnRef(r, *fields, *ctx.ipsec, c.conn);
  const std::vector<std::string> ends = c.conn.empty()
                                            ? ctx.ipsec->hosts()
                                            : std::vector<std::string>{ctx.ipsec->conn(c.conn)->hosts[0],
                                                                       ctx.ipsec->conn(c.conn)->hosts[1]};
  if (const Field* at = fields->get("at")) {
    auto h = r.text(at->value, at->path, "an IPsec end (host name)");
    if (h && std::find(ends.begin(), ends.end(), *h) == ends.end()) {
      r.error(at->value, at->path, "'" + *h + "' is not an end of " + (c.conn.empty() ? "an IPsec connection" : c.conn),
              suggestHint(*h, ends));
      ok = false;
    } else if (h) {
      c.at = *h;
    } else {
      ok = false;
    }
  }
  if (const Field* o = fields->get("outcome")) {
    auto v = r.text(o->value, o->path, "an IKE outcome");
    const auto known = lab::ike::knownOutcomes();
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

// A stage's `set:` / `config:`: keyed by a host (its only connection) or by
// a connection's name (then a map of its ends).
template <class T, class Read>
std::map<std::string, std::map<std::string, T>> readPerConn(YamlReader& r, const Field& f, const StageContext& ctx,
                                                            const std::string& what, Read read) {
  std::map<std::string, std::map<std::string, T>> out;
  if (!ctx.ipsec) {
    if (!ctx.ipsecDeclared) r.error(f.key, f.path, f.name + ": " + what + ", and there is no ipsec: section");
    return out;
  }
  const IpsecSpec& ipsec = *ctx.ipsec;
  auto entries = r.namedEntries(f.value, f.path, "a map host -> settings, or connection -> { host -> settings }");
  if (!entries) return out;
  for (const auto& e : entries->all()) {
    if (const IpsecConn* c = ipsec.conn(e.name)) {
      auto ends = r.namedEntries(e.value, e.path, "a map host -> settings");
      if (!ends) continue;
      for (const auto& h : ends->all()) {
        if (!c->hasEnd(h.name)) {
          r.error(h.key, h.path, "'" + h.name + "' is not an end of connection " + c->name,
                  suggestHint(h.name, {c->hosts[0], c->hosts[1]}));
        } else if (auto v = read(h)) {
          out[c->name][h.name] = std::move(*v);
        }
      }
      continue;
    }
    const auto conns = ipsec.connsOf(e.name);
    if (conns.empty()) {
      auto names = ipsec.hosts();
      for (const auto& c : ipsec.conns) names.push_back(c.name);
      r.error(e.key, e.path, "'" + e.name + "' is neither an IPsec end nor a connection", suggestHint(e.name, names));
    } else if (conns.size() > 1) {
      std::vector<std::string> names;
      for (const auto* c : conns) names.push_back(c->name);
      r.error(e.key, e.path, e.name + " is an end of several connections (" + joinNames(names) + ")",
              "say which: " + f.name + ": { " + names[0] + ": { " + e.name + ": ... } }");
    } else if (auto v = read(e)) {
      out[conns[0]->name][e.name] = std::move(*v);
    }
  }
  return out;
}

// `mode: { a-b: ipsec-over-gre }`, or `mode: ipsec-over-gre` with one connection.
std::map<std::string, lab::ike::Mode> readStageModes(YamlReader& r, const Field& f, const StageContext& ctx) {
  std::map<std::string, lab::ike::Mode> out;
  if (!ctx.ipsec) {
    if (!ctx.ipsecDeclared) r.error(f.key, f.path, "mode: changes an IPsec connection, and there is no ipsec: section");
    return out;
  }
  if (f.value.IsScalar()) {
    if (ctx.ipsec->conns.size() != 1) {
      r.error(f.value, f.path, "mode: names the connection when there are several",
              "mode: { " + ctx.ipsec->conns[0].name + ": ipsec-over-gre }");
    } else if (auto m = readMode(r, f)) {
      out[ctx.ipsec->conns[0].name] = *m;
    }
    return out;
  }
  auto entries = r.namedEntries(f.value, f.path, "a mode, or a map connection -> mode");
  if (!entries) return out;
  for (const auto& e : entries->all()) {
    if (!ctx.ipsec->conn(e.name)) {
      const auto names = connNames(*ctx.ipsec);
      r.error(e.key, e.path, "unknown connection '" + e.name + "' (connections: " + joinNames(names) + ")",
              suggestHint(e.name, names, false));
    } else if (auto m = readMode(r, e)) {
      out[e.name] = *m;
    }
  }
  return out;
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
    auto fields = r.fields(item, path, {"name", "set", "config", "mode", "release", "fault", "checks"},
                           {"name", "checks"}, "a map { name, set, config, mode, release, fault, checks }");
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
    if (const Field* set = fields->get("set"))
      stage.set = readPerConn<ConnSettings>(r, *set, ctx, "changes IPsec connection settings",
                                            [&](const Field& h) { return readEndSettings(r, h); });
    if (const Field* fault = fields->get("fault")) stage.fault = readFault(r, *fault, ctx);
    if (const Field* cfg = fields->get("config"))
      stage.config = readPerConn<lab::ike::OwnConfig>(r, *cfg, ctx, "gives a host its own IPsec conn",
                                                      [&](const Field& h) { return readOwnConfig(r, h); });
    if (const Field* mode = fields->get("mode")) stage.mode = readStageModes(r, *mode, ctx);
    if (const Field* rel = fields->get("release")) stage.release = readStageReleases(r, *rel, ctx);
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

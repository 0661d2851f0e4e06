#include "harness/scenario/ipsec_reader.h"

#include "harness/scenario/suggest.h"
#include "lab/ike/registry.h"

namespace harness::scenario {
namespace {

const std::vector<std::string> kModes = {"gre-over-ipsec", "ipsec-over-gre"};
const std::vector<std::string> kAuths = {"psk", "rsa"};
const std::vector<std::string> kConnKeys = {"between", "mode", "tunnel", "gre", "ike", "auth",
                                            "daemon", "initiator", "set", "config"};

// One word out of a fixed list, with the nearest one suggested.
std::optional<std::string> oneOf(YamlReader& r, const Field& f, const std::vector<std::string>& words) {
  auto s = r.text(f.value, f.path, "one of: " + joinNames(words));
  if (!s) return std::nullopt;
  for (const auto& w : words)
    if (*s == w) return s;
  r.error(f.value, f.path, "unknown value '" + *s + "' (expected one of: " + joinNames(words) + ")",
          suggestHint(*s, words, false));
  return std::nullopt;
}

// A connection name both daemons take as a conn name.
std::string connNameProblem(const std::string& n) {
  if (n.empty() || !std::isalpha(static_cast<unsigned char>(n[0]))) return "a connection name starts with a letter";
  for (char c : n)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return "a connection name has only letters, digits, '-', '_' and '.'";
  return n.size() > 32 ? "a connection name has at most 32 characters" : "";
}

// `set:` / `config:` of one connection: keys are its ends.
template <class T, class Read>
std::map<std::string, T> readPerEnd(YamlReader& r, const Field& f, const IpsecConn& c, const std::string& shape,
                                    Read read) {
  std::map<std::string, T> out;
  auto ends = r.namedEntries(f.value, f.path, shape);
  if (!ends) return out;
  for (const auto& h : ends->all()) {
    if (!c.hasEnd(h.name)) {
      r.error(h.key, h.path, "'" + h.name + "' is not an end of connection " + c.name,
              suggestHint(h.name, {c.hosts[0], c.hosts[1]}));
      continue;
    }
    if (auto v = read(h)) out[h.name] = std::move(*v);
  }
  return out;
}

// `daemon: libreswan` or `daemon: { A: libreswan, C: strongswan }`.
std::map<std::string, std::string> readDaemons(YamlReader& r, const Field& f, const IpsecConn& c, bool& ok) {
  std::map<std::string, std::string> out;
  const auto known = lab::ike::implementationNames();
  if (f.value.IsScalar()) {
    if (auto d = oneOf(r, f, known)) out[c.hosts[0]] = out[c.hosts[1]] = *d;
    else ok = false;
    return out;
  }
  auto per = r.namedEntries(f.value, f.path, "a daemon name or a map host -> daemon");
  if (!per) return ok = false, out;
  for (const auto& e : per->all()) {
    if (!c.hasEnd(e.name)) {
      r.error(e.key, e.path, "'" + e.name + "' is not an end of this connection", "ends: " + c.hosts[0] + ", " + c.hosts[1]);
      ok = false;
    } else if (auto d = oneOf(r, e, known)) {
      out[e.name] = *d;
    } else {
      ok = false;
    }
  }
  return out;
}

bool readBetween(YamlReader& r, const Field& b, const NodeIndex& nodes, IpsecConn& c) {
  auto two = r.pair(b.value, b.path, "two host names");
  if (!two) return false;
  bool ok = true;
  for (int i = 0; i < 2; ++i) {
    const std::string p = b.path + "[" + std::to_string(i) + "]";
    auto name = r.text((*two)[i], p, "a host name");
    if (!name) {
      ok = false;
      continue;
    }
    if (nodes.complete && (!nodes.nodes.count(*name) || nodes.nodes.at(*name).kind != "host")) {
      r.error((*two)[i], p, "unknown host '" + *name + "'", suggestHint(*name, nodes.hosts));
      ok = false;
    }
    c.hosts[i] = *name;
  }
  if (ok && c.hosts[0] == c.hosts[1]) {
    r.error(b.value, b.path, "an IPsec connection needs two different hosts");
    ok = false;
  }
  return ok;
}

bool readTunnelRef(YamlReader& r, const Field& g, const NodeIndex& nodes, const lab::TopologySpec& topo,
                   IpsecConn& c, bool endsOk) {
  auto name = r.text(g.value, g.path, "a tunnel name");
  if (!name) return false;
  c.tunnel = *name;
  const lab::TunnelSpec* t = topo.tunnel(*name);
  if (!t) {
    if (!nodes.complete) return true;
    std::vector<std::string> names;
    for (const auto& ts : topo.tunnels) names.push_back(ts.name);
    r.error(g.value, g.path, "unknown tunnel '" + *name + "'", suggestHint(*name, names));
    return false;
  }
  if (endsOk && !(t->endOf(c.hosts[0]) >= 0 && t->endOf(c.hosts[1]) >= 0)) {
    r.error(g.value, g.path,
            "tunnel '" + *name + "' is between " + t->ends[0].host + " and " + t->ends[1].host + ", not between " +
                c.hosts[0] + " and " + c.hosts[1]);
    return false;
  }
  return true;
}

// One connection: `name` empty for the single form (then named after its tunnel).
std::optional<IpsecConn> readConn(YamlReader& r, const Field& f, const std::string& name, const NodeIndex& nodes,
                                  const lab::TopologySpec& topo, std::map<std::string, std::string>& daemons) {
  auto fields = r.fields(f.value, f.path, kConnKeys, {"between", "mode"},
                         "a map { between, mode, tunnel, ike, auth, daemon, initiator, set, config }");
  if (!fields) return std::nullopt;
  IpsecConn c;
  c.name = name;
  c.pos = YamlReader::pos(f.value);
  bool ok = true;
  const Field* between = fields->get("between");
  const bool endsOk = between && readBetween(r, *between, nodes, c);
  ok = endsOk;
  if (const Field* m = fields->get("mode")) {
    if (auto v = readMode(r, *m)) c.mode = *v;
    else ok = false;
  }
  const Field* tun = fields->get("tunnel");
  const Field* gre = fields->get("gre");  // the older spelling
  if (tun && gre) {
    r.error(gre->key, gre->path, "tunnel: and gre: name the same thing", "keep tunnel:");
    ok = false;
  } else if (!tun && !gre) {
    r.error(f.value, f.path, "missing required key 'tunnel'", "the tunnel this connection protects or runs over");
    ok = false;
  } else if (!readTunnelRef(r, tun ? *tun : *gre, nodes, topo, c, endsOk)) {
    ok = false;
  }
  if (c.name.empty()) c.name = c.tunnel;
  if (const Field* v = fields->get("ike")) {
    auto n = r.integer(v->value, v->path, 1, 2);
    if (n) c.ikeVersion = static_cast<int>(*n);
    else ok = false;
    c.ikeStated = n.has_value();
  }
  if (const Field* a = fields->get("auth")) {
    if (auto v = oneOf(r, *a, kAuths)) c.auth = *v == "rsa" ? lab::ike::Auth::Rsa : lab::ike::Auth::Psk;
    else ok = false;
  }
  if (const Field* d = fields->get("daemon"); d && !endsOk && d->value.IsScalar())
    ok = oneOf(r, *d, lab::ike::implementationNames()).has_value() && ok;  // the name alone can still be checked
  if (const Field* d = fields->get("daemon"); d && endsOk)
    for (const auto& [host, impl] : readDaemons(r, *d, c, ok)) {
      auto [it, fresh] = daemons.emplace(host, impl);
      if (!fresh && it->second != impl) {
        r.error(d->value, d->path,
                host + " runs one IKE daemon for all its connections: it is " + it->second + " elsewhere, " + impl +
                    " here");
        ok = false;
      }
    }
  c.initiator = c.hosts[0];
  if (const Field* i = fields->get("initiator")) {
    auto who = r.text(i->value, i->path, "a host name");
    if (who && !c.hasEnd(*who)) {
      r.error(i->value, i->path, "the initiator must be an end of the connection",
              suggestHint(*who, {c.hosts[0], c.hosts[1]}));
      ok = false;
    } else if (who) {
      c.initiator = *who;
    }
  }
  if (const Field* set = fields->get("set"); set && endsOk)
    c.set = readPerEnd<ConnSettings>(r, *set, c, "a map host -> { left, right, leftid, rightid, auto }",
                                     [&](const Field& h) { return readEndSettings(r, h); });
  if (const Field* cfg = fields->get("config"); cfg && endsOk)
    c.config = readPerEnd<lab::ike::OwnConfig>(r, *cfg, c, "a map host -> conn block text",
                                               [&](const Field& h) { return readOwnConfig(r, h); });
  if (!ok) return std::nullopt;
  return c;
}

}  // namespace

std::optional<lab::ike::Mode> readMode(YamlReader& r, const Field& f) {
  auto v = oneOf(r, f, kModes);
  if (!v) return std::nullopt;
  return *v == "gre-over-ipsec" ? lab::ike::Mode::GreOverIpsec : lab::ike::Mode::IpsecOverGre;
}

std::optional<ConnSettings> readEndSettings(YamlReader& r, const Field& h) {
  auto fields = r.fields(h.value, h.path, {"left", "right", "leftid", "rightid", "auto"}, {},
                         "a map { left, right, leftid, rightid, auto }");
  if (!fields) return std::nullopt;
  ConnSettings c;
  for (const auto& kv : fields->all()) {
    if (kv.name == "auto") {
      if (auto v = r.text(kv.value, kv.path, "start or add")) {
        if (*v == "start" || *v == "add") c.autoStart = *v == "start";
        else r.error(kv.value, kv.path, "auto: expected start (this end initiates) or add (it answers), got '" + *v + "'");
      }
      continue;
    }
    auto v = r.text(kv.value, kv.path, "an address, %defaultroute, %any or an id");
    if (!v) continue;
    if (v->empty() || v->find_first_of(" \t\n\"") != std::string::npos) {
      r.error(kv.value, kv.path, "'" + *v + "' is not a single ipsec.conf value");
      continue;
    }
    (kv.name == "left" ? c.left : kv.name == "right" ? c.right : kv.name == "leftid" ? c.leftid : c.rightid) = *v;
  }
  return c;
}

std::optional<lab::ike::OwnConfig> readOwnConfig(YamlReader& r, const Field& h) {
  auto text = r.text(h.value, h.path, "the host's own connection (use | for a literal block)");
  if (!text) return std::nullopt;
  try {
    return lab::ike::recogniseOwnConfig(*text);
  } catch (const lab::ike::OwnConfigError& e) {
    r.error(h.value, h.path,
            std::string("not a connection labrun can run: ") +
                (e.line() ? "line " + std::to_string(e.line()) + (e.col() ? ":" + std::to_string(e.col()) : "") + ": " : "") +
                e.what(),
            "paste the conn as in ipsec.conf ('conn NAME' then indented key=value lines) or swanctl.conf ('connections { NAME { … } }')");
    return std::nullopt;
  }
}

std::optional<IpsecSpec> readIpsec(YamlReader& r, const Field* f, const NodeIndex& nodes,
                                   const lab::TopologySpec& topo) {
  if (!f) return std::nullopt;
  IpsecSpec s;
  bool ok = true;
  if (f->value.IsMap() && f->value["between"]) {
    if (auto c = readConn(r, *f, "", nodes, topo, s.daemons)) s.conns.push_back(std::move(*c));
    else ok = false;
  } else {
    auto entries = r.namedEntries(f->value, f->path,
                                  "one connection { between, mode, tunnel, ... } or a map name -> connection");
    if (!entries) return std::nullopt;
    if (entries->all().empty()) {
      r.error(f->value, f->path, "no IPsec connection", "give one connection, or a map name -> connection");
      return std::nullopt;
    }
    for (const auto& e : entries->all()) {
      if (auto p = connNameProblem(e.name); !p.empty()) {
        r.error(e.key, e.path, p);
        ok = false;
      } else if (nodes.nodes.count(e.name)) {
        r.error(e.key, e.path, "'" + e.name + "' is already a node's name", "name connections apart from hosts");
        ok = false;
      }
      if (auto c = readConn(r, e, e.name, nodes, topo, s.daemons)) s.conns.push_back(std::move(*c));
      else ok = false;
    }
  }
  for (std::size_t i = 0; ok && i < s.conns.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (s.conns[i].tunnel == s.conns[j].tunnel || s.conns[i].name == s.conns[j].name) {
        YAML::Mark at;
        at.line = s.conns[i].pos.line - 1;
        at.column = s.conns[i].pos.col - 1;
        r.errorAt(at, f->path + "." + s.conns[i].name,
                  "connections " + s.conns[j].name + " and " + s.conns[i].name + " both use tunnel " +
                      s.conns[i].tunnel,
                  "one connection per tunnel");
        ok = false;
      }
  if (!ok) return std::nullopt;
  for (const auto& host : s.hosts())
    s.daemons.emplace(host, std::string(lab::ike::defaultImplementation().name()));
  return s;
}

}  // namespace harness::scenario

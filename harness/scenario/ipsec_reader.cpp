#include "harness/scenario/ipsec_reader.h"

#include "harness/scenario/suggest.h"
#include "lab/ike/ike_registry.h"

namespace harness::scenario {
namespace {

const std::vector<std::string> kModes = {"gre-over-ipsec", "ipsec-over-gre"};
const std::vector<std::string> kAuths = {"psk", "rsa"};

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

bool isEnd(const IpsecSpec& s, const std::string& host) { return s.hosts[0] == host || s.hosts[1] == host; }

void readDaemons(YamlReader& r, const Field& f, IpsecSpec& s, bool& ok) {
  const auto& known = lab::ike::knownDaemons();
  if (f.value.IsScalar()) {
    Field single = f;
    if (auto d = oneOf(r, single, known)) s.daemons[0] = s.daemons[1] = *d;
    else ok = false;
    return;
  }
  auto per = r.namedEntries(f.value, f.path, "a daemon name or a map host -> daemon");
  if (!per) {
    ok = false;
    return;
  }
  for (const auto& e : per->all()) {
    if (!isEnd(s, e.name)) {
      r.error(e.key, e.path, "'" + e.name + "' is not an end of this connection",
              "ends: " + s.hosts[0] + ", " + s.hosts[1]);
      ok = false;
      continue;
    }
    if (auto d = oneOf(r, e, known)) s.daemons[e.name == s.hosts[0] ? 0 : 1] = *d;
    else ok = false;
  }
}

}  // namespace

namespace {

// A map keyed by the connection's ends (`set:`, `config:`): checks the
// section exists and each key is an end, then reads each value with `read`.
template <class T, class Read>
std::map<std::string, T> readPerEnd(YamlReader& r, const Field& f, const IpsecSpec* ipsec, const std::string& what,
                                    const std::string& shape, Read read) {
  std::map<std::string, T> out;
  if (!ipsec) {
    r.error(f.key, f.path, f.name + ": " + what + ", and there is no ipsec: section");
    return out;
  }
  auto hosts = r.namedEntries(f.value, f.path, shape);
  if (!hosts) return out;
  for (const auto& h : hosts->all()) {
    if (!isEnd(*ipsec, h.name)) {
      r.error(h.key, h.path, "'" + h.name + "' is not an end of the IPsec connection",
              suggestHint(h.name, {ipsec->hosts[0], ipsec->hosts[1]}));
      continue;
    }
    if (auto v = read(h)) out[h.name] = std::move(*v);
  }
  return out;
}

}  // namespace

std::map<std::string, ConnSettings> readConnSettings(YamlReader& r, const Field& f, const IpsecSpec* ipsec) {
  return readPerEnd<ConnSettings>(
      r, f, ipsec, "changes IPsec connection settings", "a map host -> { left, right, leftid, rightid }",
      [&](const Field& h) -> std::optional<ConnSettings> {
        auto fields = r.fields(h.value, h.path, {"left", "right", "leftid", "rightid"}, {},
                               "a map { left, right, leftid, rightid }");
        if (!fields) return std::nullopt;
        ConnSettings c;
        for (const auto& kv : fields->all()) {
          auto v = r.text(kv.value, kv.path, "an address, %defaultroute, %any or an id");
          if (!v) continue;
          if (v->empty() || v->find_first_of(" \t\n\"") != std::string::npos) {
            r.error(kv.value, kv.path, "'" + *v + "' is not a single ipsec.conf value");
            continue;
          }
          (kv.name == "left" ? c.left : kv.name == "right" ? c.right : kv.name == "leftid" ? c.leftid : c.rightid) = *v;
        }
        return c;
      });
}

std::map<std::string, LiteralConn> readLiteralConfigs(YamlReader& r, const Field& f, const IpsecSpec* ipsec) {
  return readPerEnd<LiteralConn>(
      r, f, ipsec, "gives a host its own IPsec conn", "a map host -> conn block text",
      [&](const Field& h) -> std::optional<LiteralConn> {
        auto text = r.text(h.value, h.path, "a libreswan conn block (use | for a literal block)");
        if (!text) return std::nullopt;
        std::string err;
        auto lit = parseLiteralConn(*text, &err);
        if (!lit)
          r.error(h.value, h.path, "not a libreswan conn block: " + err,
                  "paste the conn as in ipsec.conf: 'conn NAME' then indented key=value lines");
        return lit;
      });
}

std::optional<IpsecSpec> readIpsec(YamlReader& r, const Field* f, const NodeIndex& nodes,
                                   const lab::TopologySpec& topo) {
  if (!f) return std::nullopt;
  auto fields = r.fields(f->value, f->path, {"between", "mode", "gre", "ike", "auth", "daemon", "initiator", "set", "config"},
                         {"between", "mode", "gre"},
                         "a map { between, mode, gre, ike, auth, daemon, initiator, set, config }");
  if (!fields) return std::nullopt;
  IpsecSpec s;
  s.pos = YamlReader::pos(f->value);
  bool ok = true;

  if (const Field* b = fields->get("between")) {
    if (auto two = r.pair(b->value, b->path, "two host names")) {
      for (int i = 0; i < 2; ++i) {
        const std::string p = b->path + "[" + std::to_string(i) + "]";
        auto name = r.text((*two)[i], p, "a host name");
        if (!name) {
          ok = false;
          continue;
        }
        if (nodes.complete && (!nodes.nodes.count(*name) || nodes.nodes.at(*name).kind != "host")) {
          r.error((*two)[i], p, "unknown host '" + *name + "'", suggestHint(*name, nodes.hosts));
          ok = false;
        }
        s.hosts[i] = *name;
      }
      if (ok && s.hosts[0] == s.hosts[1]) {
        r.error(b->value, b->path, "an IPsec connection needs two different hosts");
        ok = false;
      }
    } else {
      ok = false;
    }
  }
  if (const Field* m = fields->get("mode")) {
    if (auto v = oneOf(r, *m, kModes))
      s.mode = *v == "gre-over-ipsec" ? lab::ike::Mode::GreOverIpsec : lab::ike::Mode::IpsecOverGre;
    else
      ok = false;
  }
  if (const Field* g = fields->get("gre")) {
    auto name = r.text(g->value, g->path, "a tunnel name");
    if (!name) {
      ok = false;
    } else {
      s.gre = *name;
      const lab::GreSpec* t = nullptr;
      std::vector<std::string> names;
      for (const auto& gs : topo.tunnels) {
        names.push_back(gs.name);
        if (gs.name == *name) t = &gs;
      }
      if (!t && nodes.complete) {
        r.error(g->value, g->path, "unknown tunnel '" + *name + "'", suggestHint(*name, names));
        ok = false;
      } else if (t && ok && !((t->ends[0].host == s.hosts[0] && t->ends[1].host == s.hosts[1]) ||
                              (t->ends[0].host == s.hosts[1] && t->ends[1].host == s.hosts[0]))) {
        r.error(g->value, g->path,
                "tunnel '" + *name + "' is between " + t->ends[0].host + " and " + t->ends[1].host +
                    ", not between " + s.hosts[0] + " and " + s.hosts[1]);
        ok = false;
      }
    }
  }
  if (const Field* v = fields->get("ike")) {
    auto n = r.integer(v->value, v->path, 1, 2);
    if (n) s.ikeVersion = static_cast<int>(*n);
    else ok = false;
    s.ikeStated = n.has_value();
  }
  if (const Field* a = fields->get("auth")) {
    if (auto v = oneOf(r, *a, kAuths)) s.auth = *v == "rsa" ? lab::ike::Auth::Rsa : lab::ike::Auth::Psk;
    else ok = false;
  }
  if (const Field* d = fields->get("daemon")) readDaemons(r, *d, s, ok);
  s.initiator = s.hosts[0];
  if (const Field* i = fields->get("initiator")) {
    auto name = r.text(i->value, i->path, "a host name");
    if (name && !isEnd(s, *name)) {
      r.error(i->value, i->path, "the initiator must be an end of the connection",
              suggestHint(*name, {s.hosts[0], s.hosts[1]}));
      ok = false;
    } else if (name) {
      s.initiator = *name;
    }
  }
  if (const Field* set = fields->get("set")) s.set = readConnSettings(r, *set, &s);
  if (const Field* cfg = fields->get("config")) s.config = readLiteralConfigs(r, *cfg, &s);
  if (!ok) return std::nullopt;
  return s;
}

}  // namespace harness::scenario

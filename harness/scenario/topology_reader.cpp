#include "harness/scenario/topology_reader.h"

#include "lab/link/tunnel_kind.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "harness/scenario/names.h"
#include "harness/scenario/suggest.h"

namespace harness::scenario {
namespace {

lab::Ip4 broadcast(const lab::Prefix& p) {
  std::uint32_t host = p.len >= 32 ? 0 : (~std::uint32_t{0} >> p.len);
  return lab::Ip4{p.network().value | host};
}

bool overlaps(const lab::Prefix& a, const lab::Prefix& b) {
  return a.contains(b.network()) || b.contains(a.network());
}

std::string segDesc(const lab::SegmentSpec& s) { return "segment " + s.name + " (" + s.subnet.str() + ")"; }

}  // namespace

lab::TopologySpec TopologyReader::read(const Fields& top) {
  readSegments(top.get("segments"));
  readNats(top.get("nats"));
  readHosts(top.get("hosts"));
  readTunnels(top.get("tunnels"));
  buildNodeIndex();

  lab::TopologySpec t;
  for (const auto& n : segOrder_) t.segments.push_back(segs_[n].spec);
  for (const auto& n : natOrder_) t.nats.push_back(nats_[n].spec);
  for (const auto& n : hostOrder_) t.hosts.push_back(hosts_[n].spec);
  for (const auto& tun : tunnels_) t.tunnels.push_back(tun.spec);
  return t;
}

bool TopologyReader::claim(lab::Ip4 a, const YAML::Node& n, const std::string& path) {
  auto [it, fresh] = pool_.try_emplace(a.value, path, YamlReader::pos(n).line);
  if (fresh) return true;
  r_.error(n, path,
           "address " + a.str() + " is already used by " + it->second.first + " (line " +
               std::to_string(it->second.second) + ")",
           "every address in the lab must be unique");
  return false;
}

bool TopologyReader::usable(lab::Ip4 a, const Seg& s, const YAML::Node& n, const std::string& path) {
  const auto& net = s.spec.subnet;
  if (!net.contains(a)) {
    r_.error(n, path, a.str() + " is outside " + segDesc(s.spec));
    return false;
  }
  if (net.len <= 30 && a == net.network()) {
    r_.error(n, path, a.str() + " is the network address of " + segDesc(s.spec));
    return false;
  }
  if (net.len <= 30 && a == broadcast(net)) {
    r_.error(n, path, a.str() + " is the broadcast address of " + segDesc(s.spec));
    return false;
  }
  return true;
}

const TopologyReader::Seg* TopologyReader::segment(const YAML::Node& n, const std::string& path,
                                                   bool* ok) {
  auto name = r_.text(n, path, "a segment name");
  if (!name) return *ok = false, nullptr;
  auto it = segs_.find(*name);
  if (it == segs_.end()) {
    r_.error(n, path, "unknown segment '" + *name + "'", suggestHint(*name, segOrder_));
    return *ok = false, nullptr;
  }
  if (!it->second.ok) return *ok = false, nullptr;  // its own errors are reported
  return &it->second;
}

void TopologyReader::readSegments(const Field* f) {
  if (!f) return void(nodes_.complete = false);  // missing: reported as a missing required key
  auto entries = r_.namedEntries(f->value, f->path, "a map of segment name to { subnet, gateway }");
  if (!entries) return void(nodes_.complete = false);
  if (entries->all().empty()) r_.error(f->value, f->path, "no segments defined");
  for (const auto& e : entries->all()) {
    Seg s;
    s.spec.name = e.name;
    s.ok = true;
    if (auto p = ifNameProblem(e.name); !p.empty()) {
      r_.error(e.key, e.path, "segment name: " + p, "segment names are also the router's interface names");
      s.ok = false;
    }
    auto fields = r_.fields(e.value, e.path, {"subnet", "gateway"}, {"subnet"}, "a map { subnet, gateway }");
    if (!fields) {
      s.ok = false;
    } else {
      if (const Field* sub = fields->get("subnet")) {
        s.subnetNode = sub->value;
        auto p = r_.prefix(sub->value, sub->path, true);
        if (!p) {
          s.ok = false;
        } else if (p->network() != p->addr) {
          r_.error(sub->value, sub->path, p->str() + " has host bits set",
                   "did you mean '" + lab::Prefix{p->network(), p->len}.str() + "'?");
          s.ok = false;
        } else if (p->len > 30) {
          r_.error(sub->value, sub->path, "a segment needs room for addresses: prefix length must be at most 30");
          s.ok = false;
        } else {
          s.spec.subnet = *p;
        }
      } else {
        s.ok = false;
      }
      if (const Field* gw = fields->get("gateway")) {
        auto a = r_.ip(gw->value, gw->path);
        if (!a) s.ok = false;
        else if (s.ok && usable(*a, s, gw->value, gw->path) && claim(*a, gw->value, gw->path))
          s.spec.gateway = *a;
        else s.ok = false;
      }
    }
    if (s.ok) {
      for (const auto& other : segOrder_) {
        const Seg& o = segs_[other];
        if (o.ok && overlaps(o.spec.subnet, s.spec.subnet)) {
          r_.error(s.subnetNode, e.path + ".subnet",
                   s.spec.subnet.str() + " overlaps " + segDesc(o.spec));
          s.ok = false;
        }
      }
    }
    segOrder_.push_back(e.name);
    segs_[e.name] = std::move(s);
  }
}

void TopologyReader::readNats(const Field* f) {
  if (!f) return;
  auto entries = r_.namedEntries(
      f->value, f->path, "a map of NAT name to { inside, inside-address, outside, outside-address }");
  if (!entries) return void(nodes_.complete = false);
  std::map<std::string, std::string> insideOf;  // segment -> NAT
  for (const auto& e : entries->all()) {
    Nat n;
    n.spec.name = e.name;
    n.key = e;
    n.ok = true;
    if (auto p = nodeNameProblem(e.name); !p.empty()) {
      r_.error(e.key, e.path, "NAT name: " + p);
      n.ok = false;
    }
    auto fields = r_.fields(e.value, e.path, {"inside", "inside-address", "outside", "outside-address"},
                            {"inside", "inside-address", "outside", "outside-address"},
                            "a map { inside, inside-address, outside, outside-address }");
    if (!fields) {
      n.ok = false;
      natOrder_.push_back(e.name);
      nats_[e.name] = std::move(n);
      continue;
    }
    const Field* in = fields->get("inside");
    const Field* out = fields->get("outside");
    const Seg* inSeg = in ? segment(in->value, in->path, &n.ok) : (n.ok = false, nullptr);
    const Seg* outSeg = out ? segment(out->value, out->path, &n.ok) : (n.ok = false, nullptr);
    if (inSeg) {
      n.spec.insideSegment = inSeg->spec.name;
      if (inSeg->spec.gateway) {
        r_.error(in->value, in->path,
                 "segment " + inSeg->spec.name + " has a gateway (a router leg), so hosts on it would bypass " +
                     e.name,
                 "remove gateway from segments." + inSeg->spec.name + "; the NAT is that segment's gateway");
        n.ok = false;
      }
      auto [it, fresh] = insideOf.try_emplace(inSeg->spec.name, e.name);
      if (!fresh) {
        r_.error(in->value, in->path,
                 "segment " + inSeg->spec.name + " is already the inside of NAT " + it->second);
        n.ok = false;
      }
    }
    if (outSeg) {
      n.spec.outsideSegment = outSeg->spec.name;
      if (inSeg && inSeg == outSeg) {
        r_.error(out->value, out->path, "outside and inside are the same segment (" + outSeg->spec.name + ")");
        n.ok = false;
      } else if (!outSeg->spec.gateway) {
        r_.error(out->value, out->path,
                 "segment " + outSeg->spec.name + " has no gateway, so nothing routes " + e.name +
                     "'s public addresses",
                 "add gateway: to segments." + outSeg->spec.name);
        n.ok = false;
      }
    }
    auto leg = [&](const char* key, const Seg* seg, lab::Ip4& into) {
      const Field* a = fields->get(key);
      if (!a) return void(n.ok = false);
      auto ip = r_.ip(a->value, a->path);
      if (ip && seg && usable(*ip, *seg, a->value, a->path) && claim(*ip, a->value, a->path)) into = *ip;
      else n.ok = false;
    };
    leg("inside-address", inSeg, n.spec.insideAddr);
    leg("outside-address", outSeg, n.spec.outsideAddr);
    natOrder_.push_back(e.name);
    nats_[e.name] = std::move(n);
  }
}

void TopologyReader::readHosts(const Field* f) {
  if (!f) return void(nodes_.complete = false);
  auto entries = r_.namedEntries(
      f->value, f->path, "a map of host name to { segment, address, iface, behind, public }");
  if (!entries) return void(nodes_.complete = false);
  if (entries->all().empty()) r_.error(f->value, f->path, "no hosts defined");
  for (const auto& e : entries->all()) {
    Host h;
    h.spec.name = e.name;
    h.ok = true;
    if (auto p = nodeNameProblem(e.name); !p.empty()) {
      r_.error(e.key, e.path, "host name: " + p);
      h.ok = false;
    } else if (nats_.count(e.name)) {
      r_.error(e.key, e.path, "'" + e.name + "' is already the name of a NAT", "node names must be unique");
      h.ok = false;
    }
    auto fields = r_.fields(e.value, e.path, {"segment", "address", "iface", "behind", "public", "release"},
                            {"segment", "address"}, "a map { segment, address, iface, behind, public, release }");
    if (!fields) {
      h.ok = false;
      hostOrder_.push_back(e.name);
      hosts_[e.name] = std::move(h);
      continue;
    }
    const Field* segF = fields->get("segment");
    const Seg* seg = segF ? segment(segF->value, segF->path, &h.ok) : (h.ok = false, nullptr);
    if (seg) h.spec.segment = seg->spec.name;

    if (const Field* a = fields->get("address")) {
      auto p = r_.prefix(a->value, a->path, false);
      if (!p) {
        h.ok = false;
      } else if (seg) {
        const int len = seg->spec.subnet.len;
        if (p->len != -1 && p->len != len) {
          r_.error(a->value, a->path,
                   "prefix length /" + std::to_string(p->len) + " does not match " + segDesc(seg->spec),
                   "write " + p->addr.str() + " or " + p->addr.str() + "/" + std::to_string(len));
          h.ok = false;
        } else if (usable(p->addr, *seg, a->value, a->path) && claim(p->addr, a->value, a->path)) {
          h.spec.address = lab::Prefix{p->addr, len};
        } else {
          h.ok = false;
        }
      }
    } else {
      h.ok = false;
    }

    if (const Field* i = fields->get("iface")) {
      auto name = r_.text(i->value, i->path, "an interface name");
      if (!name) h.ok = false;
      else if (auto p = ifNameProblem(*name); !p.empty()) r_.error(i->value, i->path, p), h.ok = false;
      else h.spec.iface = *name;
    }

    const Field* behind = fields->get("behind");
    if (behind) {
      if (auto name = r_.text(behind->value, behind->path, "a NAT name")) {
        auto it = nats_.find(*name);
        if (it == nats_.end()) {
          r_.error(behind->value, behind->path, "unknown NAT '" + *name + "'", suggestHint(*name, natOrder_));
          h.ok = false;
        } else {
          h.spec.behind = *name;
          ++it->second.hostsBehind;
          const Nat& nat = it->second;
          if (seg && !nat.spec.insideSegment.empty() && nat.spec.insideSegment != seg->spec.name) {
            r_.error(behind->value, behind->path,
                     "NAT " + *name + "'s inside segment is " + nat.spec.insideSegment + ", but " + e.name +
                         " is on segment " + seg->spec.name,
                     "put " + e.name + " on segment " + nat.spec.insideSegment);
            h.ok = false;
          }
        }
      } else {
        h.ok = false;
      }
    }

    if (const Field* pub = fields->get("public")) {
      auto a = r_.ip(pub->value, pub->path);
      if (!a) {
        h.ok = false;
      } else {
        if (!behind) {
          r_.error(pub->value, pub->path, "a public address needs behind: <nat>",
                   "public is the address the NAT maps to this host");
          h.ok = false;
        }
        for (const auto& sn : segOrder_) {
          const Seg& s = segs_[sn];
          if (s.ok && s.spec.subnet.contains(*a)) {
            r_.error(pub->value, pub->path,
                     "public address " + a->str() + " lies in " + segDesc(s.spec),
                     "use an address outside every segment; the router routes it to the NAT");
            h.ok = false;
          }
        }
        if (claim(*a, pub->value, pub->path) && h.ok) h.spec.publicAddr = *a;
      }
    }
    if (const Field* rel = fields->get("release")) {
      auto name = r_.text(rel->value, rel->path, "a Debian release name (bullseye, bookworm, trixie)");
      if (!name) h.ok = false;
      else if (auto p = releaseNameProblem(*name); !p.empty()) r_.error(rel->value, rel->path, p), h.ok = false;
      else h.spec.release = *name;
    }
    hostOrder_.push_back(e.name);
    hosts_[e.name] = std::move(h);
  }

  for (const auto& name : natOrder_) {
    const Nat& n = nats_[name];
    if (n.hostsBehind == 0 && (n.ok || !n.spec.insideSegment.empty()))
      r_.error(n.key.key, n.key.path, "no host is behind NAT " + name,
               n.spec.insideSegment.empty()
                   ? "add behind: " + name + " to a host"
                   : "add behind: " + name + " to a host on segment " + n.spec.insideSegment);
  }
}

void TopologyReader::readTunnels(const Field* f) {
  if (!f) return;
  auto entries = r_.namedEntries(f->value, f->path,
                                 "a map of tunnel device name to { type, between, inner, local, remote, ... }");
  if (!entries) return void(nodes_.complete = false);
  for (const auto& e : entries->all()) {
    Tunnel t;
    t.spec.name = e.name;
    t.ok = readTunnel(e, t);
    tunnels_.push_back(std::move(t));
  }
  // Tunnels of one kind with the same outer addresses and options (GRE:
  // key) collide in the kernel.
  std::set<std::tuple<std::string, std::string, std::uint32_t, std::uint32_t, std::string>> seen;
  for (const auto& t : tunnels_) {
    if (!t.ok) continue;
    std::string opts;
    for (const auto& [k, v] : t.spec.options) opts += k + "=" + v + " ";
    for (const auto& end : t.spec.ends) {
      auto k = std::tuple(t.spec.type, end.host, end.local.value, end.remote.value, opts);
      if (!seen.insert(k).second) {
        const Field* entry = nullptr;
        for (const auto& e : entries->all())
          if (e.name == t.spec.name) entry = &e;
        r_.error(entry->key, entry->path,
                 "another tunnel on " + end.host + " already uses " + end.local.str() + " -> " + end.remote.str() +
                     (t.spec.options.count("key") ? " with key " + t.spec.options.at("key") : " without a key"),
                 "give the tunnels different keys");
        break;
      }
    }
  }
}

bool TopologyReader::readTunnel(const Field& e, Tunnel& t) {
  bool ok = true;
  if (auto p = ifNameProblem(e.name); !p.empty()) {
    r_.error(e.key, e.path, "tunnel name: " + p, "the tunnel name is the device name on both hosts");
    ok = false;
  }
  // The kind first: it says which options the entry may have beyond the common keys.
  const lab::link::TunnelKind* kind = nullptr;
  if (e.value.IsMap() && e.value["type"] && e.value["type"].IsScalar())
    kind = lab::link::findTunnelKind(e.value["type"].Scalar());
  std::vector<std::string> allowed = {"type", "between", "inner", "local", "remote"};
  for (const auto* k : kind ? std::vector<const lab::link::TunnelKind*>{kind} : lab::link::tunnelKinds())
    for (const auto& o : k->options())
      if (std::find(allowed.begin(), allowed.end(), o.name) == allowed.end()) allowed.push_back(o.name);
  std::string shape;
  for (const auto& a : allowed) shape += (shape.empty() ? "" : ", ") + a;
  auto fields = r_.fields(e.value, e.path, allowed, {"type", "between", "inner"}, "a map { " + shape + " }");
  if (!fields) return false;

  if (const Field* type = fields->get("type")) {
    auto s = r_.text(type->value, type->path, "a tunnel type");
    if (s && !kind) {
      const auto known = lab::link::tunnelKindNames();
      std::string hint = suggestHint(*s, known, false);
      r_.error(type->value, type->path, "unknown tunnel type '" + *s + "' (known: " + joinNames(known) + ")", hint);
      ok = false;
    }
    if (kind) t.spec.type = std::string(kind->name());
    ok = ok && s.has_value();
  }

  const Host* ends[2] = {nullptr, nullptr};
  const Field* between = fields->get("between");
  if (between) {
    if (auto names = r_.pair(between->value, between->path, "host names")) {
      t.endsKnown = true;
      for (int i = 0; i < 2; ++i) {
        const std::string name = (*names)[i].Scalar();
        const std::string path = between->path + "[" + std::to_string(i) + "]";
        auto it = hosts_.find(name);
        if (it == hosts_.end()) {
          r_.error((*names)[i], path, "unknown host '" + name + "'", suggestHint(name, hostOrder_));
          t.endsKnown = false;
          ok = false;
          continue;
        }
        t.spec.ends[i].host = name;
        if (it->second.ok) ends[i] = &it->second;
        else ok = false;
      }
      if (t.endsKnown && t.spec.ends[0].host == t.spec.ends[1].host) {
        r_.error((*names)[1], between->path + "[1]",
                 "a tunnel needs two different hosts, got " + t.spec.ends[0].host + " twice");
        ok = false;
      }
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  for (int i = 0; i < 2; ++i)
    if (ends[i] && ends[i]->spec.iface == e.name) {
      r_.error(e.key, e.path, "'" + e.name + "' is already host " + ends[i]->spec.name + "'s NIC name",
               "name the tunnel differently");
      ok = false;
    }

  if (const Field* inner = fields->get("inner")) {
    auto items = r_.pair(inner->value, inner->path, "prefixes (a.b.c.d/n)");
    std::optional<lab::Prefix> p[2];
    if (items) {
      for (int i = 0; i < 2; ++i) p[i] = r_.prefix((*items)[i], inner->path + "[" + std::to_string(i) + "]", true);
    }
    if (!items || !p[0] || !p[1]) {
      ok = false;
    } else if (p[0]->len != p[1]->len || p[0]->network() != p[1]->network()) {
      r_.error(inner->value, inner->path,
               "inner addresses " + p[0]->str() + " and " + p[1]->str() + " are not in one subnet");
      ok = false;
    } else if (p[0]->addr == p[1]->addr) {
      r_.error((*items)[1], inner->path + "[1]", "both ends have inner address " + p[0]->addr.str());
      ok = false;
    } else {
      const lab::Prefix net{p[0]->network(), p[0]->len};
      for (int i = 0; i < 2; ++i) {
        const std::string path = inner->path + "[" + std::to_string(i) + "]";
        if (net.len <= 30 && (p[i]->addr == net.addr || p[i]->addr == broadcast(net))) {
          r_.error((*items)[i], path,
                   p[i]->addr.str() + " is the " + (p[i]->addr == net.addr ? "network" : "broadcast") +
                       " address of " + net.str());
          ok = false;
        } else if (!claim(p[i]->addr, (*items)[i], path)) {
          ok = false;
        }
        t.spec.ends[i].inner = *p[i];
      }
      for (const auto& sn : segOrder_)
        if (segs_[sn].ok && overlaps(segs_[sn].spec.subnet, net)) {
          r_.error(inner->value, inner->path, "inner subnet " + net.str() + " overlaps " + segDesc(segs_[sn].spec));
          ok = false;
        }
      for (const auto& other : tunnels_)
        if (other.ok && overlaps(lab::Prefix{other.spec.ends[0].inner.network(), other.spec.ends[0].inner.len}, net)) {
          r_.error(inner->value, inner->path,
                   "inner subnet " + net.str() + " overlaps tunnel " + other.spec.name + "'s");
          ok = false;
        }
    }
  }

  if (kind)
    for (const auto& o : kind->options()) {
      const Field* f = fields->get(o.name);
      if (!f) continue;
      if (o.type == lab::link::TunnelOption::Type::U32) {
        if (auto k = r_.integer(f->value, f->path, 0, 0xffffffffLL)) t.spec.options[o.name] = std::to_string(*k);
        else ok = false;
      } else if (auto v = r_.text(f->value, f->path, o.help)) {
        t.spec.options[o.name] = *v;
      } else {
        ok = false;
      }
    }

  std::optional<lab::Ip4> over[2][2];  // [local|remote][end]
  const char* overKeys[2] = {"local", "remote"};
  for (int k = 0; k < 2; ++k) {
    const Field* o = fields->get(overKeys[k]);
    if (!o) continue;
    auto items = r_.pair(o->value, o->path, "IPv4 addresses (one per end, in between order)");
    if (!items) {
      ok = false;
      continue;
    }
    for (int i = 0; i < 2; ++i) {
      over[k][i] = r_.ip((*items)[i], o->path + "[" + std::to_string(i) + "]");
      ok = ok && over[k][i].has_value();
    }
  }

  if (!ok || !ends[0] || !ends[1]) return false;
  for (int i = 0; i < 2; ++i) {
    const Host& self = *ends[i];
    const Host& peer = *ends[1 - i];
    auto& end = t.spec.ends[i];
    end.local = over[0][i] ? *over[0][i] : self.spec.address.addr;
    if (over[1][i]) {
      end.remote = *over[1][i];
    } else if (peer.spec.behind.empty()) {
      end.remote = peer.spec.address.addr;
    } else if (peer.spec.publicAddr) {
      end.remote = *peer.spec.publicAddr;
    } else {
      r_.error(between->value, between->path,
               peer.spec.name + " is behind NAT " + peer.spec.behind + " without a public address, so " +
                   self.spec.name + " cannot reach it",
               "give " + peer.spec.name + " a public: address, or set remote:");
      ok = false;
    }
  }
  return ok;
}

void TopologyReader::buildNodeIndex() {
  bool tunnelsComplete = std::all_of(tunnels_.begin(), tunnels_.end(), [](const Tunnel& t) { return t.endsKnown; });
  for (const auto& name : hostOrder_) {
    const Host& h = hosts_[name];
    NodeInfo info{"host", {h.spec.iface}, h.ok && tunnelsComplete && nodes_.complete};
    for (const auto& t : tunnels_)
      if (t.endsKnown && (t.spec.ends[0].host == name || t.spec.ends[1].host == name))
        info.ifaces.push_back(t.spec.name);
    if (nodes_.nodes.emplace(name, std::move(info)).second) nodes_.order.push_back(name);
    nodes_.hosts.push_back(name);
  }
  for (const auto& name : natOrder_) {
    if (nodes_.nodes.emplace(name, NodeInfo{"nat", {"inside", "outside"}, true}).second)
      nodes_.order.push_back(name);
  }
  NodeInfo router{"router", {}, true};
  for (const auto& name : segOrder_) {
    const Seg& s = segs_[name];
    if (!s.ok) router.complete = false;
    if (s.spec.gateway) router.ifaces.push_back(name);
  }
  if (!router.ifaces.empty() || !router.complete) {
    nodes_.nodes.emplace(lab::kRouterNode, std::move(router));
    nodes_.order.push_back(lab::kRouterNode);
  }
}

}  // namespace harness::scenario

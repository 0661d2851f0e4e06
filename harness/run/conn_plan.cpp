#include "harness/run/conn_plan.h"

#include <algorithm>

#include "lab/ike/implementation.h"
#include "lab/ike/registry.h"
#include "lab/sys/error.h"

namespace harness::run {
namespace {

void apply(const ConnSettings& c, lab::ike::ConnSpec& conn) {
  if (c.left) conn.left = *c.left;
  if (c.right) conn.right = *c.right;
  if (c.leftid) conn.leftid = *c.leftid;
  if (c.rightid) conn.rightid = *c.rightid;
  if (c.autoStart) conn.initiator = *c.autoStart;
}

template <class M>
const typename M::mapped_type::mapped_type* lookup(const M& perConn, const std::string& conn, const std::string& host) {
  auto c = perConn.find(conn);
  if (c == perConn.end()) return nullptr;
  auto h = c->second.find(host);
  return h == c->second.end() ? nullptr : &h->second;
}

}  // namespace

ConnPlan::ConnPlan(const ScenarioSpec& spec, std::map<std::string, const lab::ike::IkeImplementation*> impls,
                   std::map<std::string, std::string> versions)
    : spec_(spec), impls_(std::move(impls)), versions_(std::move(versions)) {}

void ConnPlan::setSecrets(std::map<std::string, std::string> pskPerConn, std::string wrongPsk) {
  psk_ = std::move(pskPerConn);
  wrongPsk_ = std::move(wrongPsk);
}

void ConnPlan::setPublicKey(const std::string& host, lab::ike::PublicKey key) { keys_[host] = std::move(key); }

lab::ike::ConnSpec ConnPlan::defaults(const IpsecConn& conn, const std::string& host, const StageSpec& stage) const {
  const lab::TunnelSpec& t = *spec_.topology.tunnel(conn.tunnel);
  const int g = t.endOf(host);  // this host's end of the tunnel
  lab::ike::ConnSpec c;
  c.name = conn.name;
  c.mode = conn.mode;
  if (auto m = stage.mode.find(conn.name); m != stage.mode.end()) c.mode = m->second;
  c.ikeVersion = conn.ikeVersion;
  c.auth = conn.auth;
  c.initiator = host == conn.initiator;
  if (c.mode == lab::ike::Mode::GreOverIpsec) {
    // Between the addresses the tunnel's packets carry (the peer's public one if NAT'd).
    c.left = t.ends[g].local.str();
    c.right = t.ends[g].remote.str();
  } else {
    c.left = t.ends[g].inner.addr.str();
    c.right = t.ends[1 - g].inner.addr.str();
  }
  if (auto it = conn.set.find(host); it != conn.set.end()) apply(it->second, c);
  if (const auto* s = lookup(stage.set, conn.name, host)) apply(*s, c);
  return c;
}

lab::ike::Credentials ConnPlan::credentials(const IpsecConn& conn, const std::string& host,
                                            const StageSpec& stage) const {
  lab::ike::Credentials c;
  if (auto it = psk_.find(conn.name); it != psk_.end()) c.psk = it->second;
  if (stage.fault.wrongPsk == host) c.psk = wrongPsk_;
  if (conn.auth == lab::ike::Auth::Rsa) {
    const std::string& peer = conn.hosts[0] == host ? conn.hosts[1] : conn.hosts[0];
    if (auto it = keys_.find(host); it != keys_.end()) c.self = it->second;
    if (auto it = keys_.find(peer); it != keys_.end()) c.peer = it->second;
  }
  return c;
}

EndPlan ConnPlan::endPlan(const IpsecConn& conn, const std::string& host, const StageSpec& stage) const {
  EndPlan p;
  p.config.conn = defaults(conn, host, stage);
  p.config.creds = credentials(conn, host, stage);
  const lab::ike::OwnConfig* own = nullptr;
  if (auto it = conn.config.find(host); it != conn.config.end()) own = &it->second;
  if (const auto* s = lookup(stage.config, conn.name, host)) own = s;
  if (!own) return p;
  const lab::ike::IkeImplementation& impl = *impls_.at(host);
  const auto formats = impl.ownConfigFormats();
  if (std::find(formats.begin(), formats.end(), own->format) == formats.end()) {
    std::string readers;
    for (const auto* i : lab::ike::implementations()) {
      const auto f = i->ownConfigFormats();
      if (std::find(f.begin(), f.end(), own->format) != f.end()) readers += (readers.empty() ? "" : "|") + std::string(i->name());
    }
    throw lab::sys::EnvironmentError(host + "'s own config for " + conn.name + " is " + own->format + ", but " + host +
                                         " runs " + std::string(impl.displayName()) + ", which does not read it",
                                     "--ike " + host + "=" + readers);
  }
  auto read = impl.readOwnConfig(*own, p.config.conn, conn.ikeStated ? conn.ikeVersion : 0, versions_.at(host));
  p.config.conn = std::move(read.conn);
  p.notes = std::move(read.notes);
  p.own = true;
  return p;
}

std::vector<EndPlan> ConnPlan::hostPlan(const std::string& host, const StageSpec& stage) const {
  std::vector<EndPlan> out;
  for (const auto* c : spec_.ipsec->connsOf(host)) out.push_back(endPlan(*c, host, stage));
  return out;
}

}  // namespace harness::run

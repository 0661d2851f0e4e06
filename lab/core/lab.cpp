#include "lab/core/lab.h"

#include <net/if.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "lab/core/clean.h"
#include "lab/link/address.h"
#include "lab/link/bridge.h"
#include "lab/link/link_state.h"
#include "lab/link/nl_socket.h"
#include "lab/link/route.h"
#include "lab/link/tunnel_kind.h"
#include "lab/link/veth.h"
#include "lab/nat/iptables_restore.h"
#include "lab/nat/nat_rules.h"
#include "lab/netns/netns.h"
#include "lab/sys/error.h"
#include "lab/sys/interrupt.h"
#include "lab/sys/sysctl.h"

namespace lab::core {

struct Lab::Node {
  std::string name;
  netns::NetNs ns;
  link::NlSocket sock;  // opened inside ns, kept for every link/address/route call
};

namespace {

void checkIfName(const std::string& name, const std::string& what) {
  if (name.empty() || name.size() >= IFNAMSIZ || name.find_first_of("/ \t\n:") != std::string::npos)
    throw sys::Error("invalid interface name '" + name + "' for " + what +
                     " (1-15 characters, no '/', ':' or spaces)");
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

}  // namespace

Lab::Lab(TopologySpec spec, LabOptions options)
    : spec_(std::move(spec)),
      options_(std::move(options)),
      iptables_(std::make_unique<nat::IptablesRestore>()) {}

Lab::~Lab() { teardown(); }

void Lab::log(const std::string& line) const {
  if (options_.log) options_.log(line);
}

bool Lab::hasRouter() const {
  for (const auto& s : spec_.segments)
    if (s.gateway) return true;
  return false;
}

const SegmentSpec& Lab::segment(const std::string& name) const {
  for (const auto& s : spec_.segments)
    if (s.name == name) return s;
  throw sys::Error("lab " + spec_.lab + ": no segment '" + name + "'");
}

const NatSpec& Lab::natOf(const std::string& name) const {
  for (const auto& n : spec_.nats)
    if (n.name == name) return n;
  throw sys::Error("lab " + spec_.lab + ": no NAT '" + name + "'");
}

Lab::Node& Lab::mutableNode(const std::string& name) {
  auto it = nodes_.find(name);
  if (it == nodes_.end()) throw sys::Error("lab " + spec_.lab + ": no node '" + name + "'");
  return *it->second;
}

const netns::NetNs& Lab::node(const std::string& name) const {
  auto it = nodes_.find(name);
  if (it == nodes_.end())
    throw sys::Error("lab " + spec_.lab + ": no node '" + name + "'" +
                     (built_ ? "" : " (lab not built)") + "; nodes: " + join(nodeNames()));
  return it->second->ns;
}

std::vector<std::string> Lab::nodeNames() const {
  std::vector<std::string> out{kSwitchNode};
  if (hasRouter()) out.push_back(kRouterNode);
  for (const auto& n : spec_.nats) out.push_back(n.name);
  for (const auto& h : spec_.hosts) out.push_back(h.name);
  return out;
}

std::vector<std::pair<std::string, Prefix>> Lab::ipLegs(const std::string& node) const {
  std::vector<std::pair<std::string, Prefix>> out;
  if (node == kRouterNode) {
    for (const auto& s : spec_.segments)
      if (s.gateway) out.push_back({s.name, Prefix{*s.gateway, s.subnet.len}});
    return out;
  }
  for (const auto& n : spec_.nats)
    if (n.name == node) {
      out.push_back({nat::kInsideIface, Prefix{n.insideAddr, segment(n.insideSegment).subnet.len}});
      out.push_back({nat::kOutsideIface, Prefix{n.outsideAddr, segment(n.outsideSegment).subnet.len}});
      return out;
    }
  for (const auto& h : spec_.hosts)
    if (h.name == node) out.push_back({h.iface, h.address});
  return out;
}

std::vector<std::pair<std::string, std::string>> Lab::links() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& node : nodeNames())
    for (const auto& [iface, addr] : ipLegs(node)) out.push_back({node, iface});
  for (const auto& t : spec_.tunnels)
    for (const auto& e : t.ends) out.push_back({e.host, t.name});
  return out;
}

std::string Lab::natBackend() const { return iptables_ ? iptables_->backend() : std::string(); }

// ---- build ------------------------------------------------------------------

void Lab::build() {
  if (built_) throw sys::Error("lab " + spec_.lab + " is built already");
  log("lab " + spec_.lab + ": building");
  try {
    createNamespaces();
    createBridges();
    createLegs();
    addAddresses();
    setSysctls();
    addRoutes();
    applyNat();
    createTunnels();
  } catch (const std::exception& e) {
    log(std::string("lab ") + spec_.lab + ": build failed (" + e.what() + "); tearing down");
    teardown_.run(options_.log);
    throw;
  }
  built_ = true;
  log("lab " + spec_.lab + ": built");
}

void Lab::teardown() noexcept {
  if (teardown_.empty()) return;
  log("lab " + spec_.lab + ": tearing down");
  teardown_.run(options_.log);
  built_ = false;
}

void Lab::release() noexcept {
  if (teardown_.empty()) return;
  log("lab " + spec_.lab + ": kept (labrun clean " + spec_.lab + " removes it)");
  teardown_.release();
  nodes_.clear();
  built_ = false;
}

void Lab::createNamespaces() {
  // Runs last on teardown: sockets and namespace fds keep a namespace alive
  // after its name is gone, so they are closed after every removal.
  teardown_.push("close namespace handles", [this] { nodes_.clear(); });
  std::vector<std::string> made;
  for (const auto& name : nodeNames()) {
    sys::throwIfInterrupted("creating namespaces");
    const std::string ns = nsName(spec_.lab, name);
    if (netns::NetNs::exists(ns))
      throw sys::Error("namespace " + ns + " exists already (left over from an earlier run? `labrun clean " +
                       spec_.lab + "` removes it)");
    auto handle = netns::NetNs::create(ns);
    teardown_.push("remove namespace " + ns, [ns] { netns::NetNs::remove(ns); });
    made.push_back(ns);
    auto sock = link::NlSocket::openIn(handle);
    nodes_[name] = std::make_unique<Node>(Node{name, std::move(handle), std::move(sock)});
    // No IPv6 in the lab: keeps router solicitations and DAD off the wire
    // captures. Set before any link exists, so every new link inherits it.
    try {
      sys::setSysctls(nodes_[name]->ns,
                      {{"net.ipv6.conf.all.disable_ipv6", "1"}, {"net.ipv6.conf.default.disable_ipv6", "1"}});
    } catch (const sys::Error&) {  // kernel without IPv6: nothing to disable
    }
  }
  // Runs before the names are removed (and after links are deleted): nothing
  // may keep running inside a namespace whose name is gone.
  teardown_.push("kill processes in the lab's namespaces", [this, made] {
    auto pids = killProcessesIn(made);
    if (!pids.empty()) log("teardown: killed " + std::to_string(pids.size()) + " leftover process(es)");
  });
  log("namespaces: " + join(made));
}

void Lab::createBridges() {
  Node& sw = mutableNode(kSwitchNode);
  std::set<std::string> used;
  int i = 0;
  for (const auto& s : spec_.segments) {
    std::string br = "br-" + s.name;
    if (br.size() >= IFNAMSIZ || used.count(br)) br = "br" + std::to_string(i);
    ++i;
    checkIfName(br, "bridge of segment " + s.name);
    used.insert(br);
    link::createBridge(sw.sock, br);
    teardown_.push("delete bridge " + br, [&sw, br] { link::deleteLink(sw.sock, br); });
    link::setLinkUp(sw.sock, br);
    bridgeOf_[s.name] = br;
  }
  log("bridges in " + sw.ns.name() + ": " + std::to_string(spec_.segments.size()));
}

void Lab::attachLeg(const std::string& node, const std::string& iface, const std::string& seg) {
  checkIfName(iface, "interface of " + node);
  Node& n = mutableNode(node);
  Node& sw = mutableNode(kSwitchNode);
  auto br = bridgeOf_.find(seg);
  if (br == bridgeOf_.end()) throw sys::Error(node + "." + iface + ": no segment '" + seg + "'");
  // Switch-side port: "<node>-<iface>" when it fits, else "p<N>".
  std::string port = node + "-" + iface;
  ++portCount_;
  if (port.size() >= IFNAMSIZ || port.find_first_of("/ :") != std::string::npos || sw.sock.hasLink(port))
    port = "p" + std::to_string(portCount_);
  link::createVeth(n.sock, iface, sw.ns, port);
  // Deleting one end of a veth deletes both.
  teardown_.push("delete " + node + "." + iface, [&n, iface] { link::deleteLink(n.sock, iface); });
  link::enslave(sw.sock, br->second, port);
  link::setLinkUp(sw.sock, port);
}

void Lab::createLegs() {
  if (hasRouter())
    for (const auto& s : spec_.segments)
      if (s.gateway) attachLeg(kRouterNode, s.name, s.name);
  for (const auto& n : spec_.nats) {
    attachLeg(n.name, nat::kInsideIface, n.insideSegment);
    attachLeg(n.name, nat::kOutsideIface, n.outsideSegment);
  }
  for (const auto& h : spec_.hosts) attachLeg(h.name, h.iface, h.segment);
  log("veth legs: " + std::to_string(portCount_));
}

// Addresses, routes and sysctls are state of a link or namespace: they go
// with it, so they push no undo of their own.
void Lab::addAddresses() {
  for (const auto& name : nodeNames()) {
    if (name == kSwitchNode) continue;
    Node& n = mutableNode(name);
    for (const auto& [iface, addr] : ipLegs(name)) {
      link::addAddress(n.sock, iface, addr);
      link::setLinkUp(n.sock, iface);
    }
  }
  log("addresses assigned, links up");
}

void Lab::setSysctls() {
  for (const auto& name : nodeNames()) {
    sys::throwIfInterrupted("setting sysctls");
    std::vector<std::pair<std::string, std::string>> settings;
    if (name == kRouterNode || std::any_of(spec_.nats.begin(), spec_.nats.end(),
                                           [&](const NatSpec& n) { return n.name == name; }))
      settings.emplace_back("net.ipv4.ip_forward", "1");
    // The effective rp_filter is max(all, iface) and send_redirects is
    // all OR iface: set all, default and every leg.
    std::vector<std::string> confs = {"all", "default"};
    for (const auto& [iface, addr] : ipLegs(name)) confs.push_back(iface);
    for (const auto& c : confs) {
      const std::string base = "net/ipv4/conf/" + c + "/";
      settings.emplace_back(base + "rp_filter", "0");
      if (name == kSwitchNode) continue;
      settings.emplace_back(base + "accept_redirects", "0");
      settings.emplace_back(base + "send_redirects", "0");
    }
    sys::setSysctls(mutableNode(name).ns, settings);
  }
  log("sysctls: ip_forward on router and NATs; rp_filter, redirects off");
}

void Lab::addRoutes() {
  for (const auto& h : spec_.hosts) {
    std::optional<Ip4> gw = h.behind.empty() ? segment(h.segment).gateway
                                             : std::optional<Ip4>(natOf(h.behind).insideAddr);
    if (gw) link::addDefaultRoute(mutableNode(h.name).sock, *gw);
  }
  for (const auto& n : spec_.nats)
    if (auto gw = segment(n.outsideSegment).gateway) link::addDefaultRoute(mutableNode(n.name).sock, *gw);
  if (hasRouter()) {
    Node& router = mutableNode(kRouterNode);
    for (const auto& h : spec_.hosts)
      if (h.publicAddr && !h.behind.empty())
        link::addHostRoute(router.sock, *h.publicAddr, natOf(h.behind).outsideAddr);
  }
  log("routes added");
}

void Lab::applyNat() {
  for (const auto& n : spec_.nats) {
    sys::throwIfInterrupted("applying NAT rules");
    Node& node = mutableNode(n.name);
    const auto mappings = nat::natMappings(spec_, n.name);
    const std::string rules = nat::renderNatRules(mappings);
    iptables_->apply(node.ns, rules);
    natRules_[n.name] = rules;
    // The rules die with the namespace; flushing first keeps the order honest.
    teardown_.push("flush NAT rules in " + node.ns.name(), [this, &node] { iptables_->flushNat(node.ns); });
    if (!options_.runDir.empty()) {
      std::filesystem::create_directories(options_.runDir);
      std::ofstream(options_.runDir / ("nat-" + n.name + ".rules")) << rules;
    }
    log("NAT " + n.name + ": " + std::to_string(mappings.size()) + " 1:1 mapping(s) via " +
        iptables_->backend());
  }
}

void Lab::createTunnels() {
  for (const auto& t : spec_.tunnels) {
    const link::TunnelKind& kind = link::tunnelKind(t.type);
    checkIfName(t.name, std::string(kind.name()) + " tunnel");
    for (const auto& e : t.ends) {
      Node& n = mutableNode(e.host);
      kind.create(n.sock, {t.name, e.local, e.remote, t.options});
      const std::string dev = t.name;
      teardown_.push("delete " + t.type + " " + e.host + "." + dev, [&n, dev] { link::deleteLink(n.sock, dev); });
      link::addAddress(n.sock, dev, e.inner);
      link::setLinkUp(n.sock, dev);
    }
    std::string opts;
    for (const auto& [k, v] : t.options) opts += " " + k + " " + v;
    log(t.type + " " + t.name + ": " + t.ends[0].host + " " + t.ends[0].inner.str() + " <-> " + t.ends[1].host + " " +
        t.ends[1].inner.str() + opts);
  }
}

}  // namespace lab::core

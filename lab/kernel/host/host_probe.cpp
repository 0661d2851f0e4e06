#include "lab/kernel/host/host_probe.h"

#include <unistd.h>

#include <optional>

#include "lab/kernel/host/esp_probe.h"
#include "lab/kernel/host/modprobe_blocks.h"
#include "lab/link/nl_socket.h"
#include "lab/link/tunnel_kind.h"
#include "lab/nat/iptables_restore.h"
#include "lab/netns/netns.h"
#include "lab/sys/error.h"

namespace lab::kernel::host {
namespace {

std::string firstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

// Scratch namespace: only lo, TEST-NET addresses, no traffic.
class Scratch {
 public:
  Scratch() : name_("lr-probe-" + std::to_string(::getpid())) {
    netns::NetNs::remove(name_);
    ns_.emplace(netns::NetNs::create(name_));
  }
  ~Scratch() { netns::NetNs::remove(name_); }
  const netns::NetNs& ns() const { return *ns_; }

 private:
  std::string name_;
  std::optional<netns::NetNs> ns_;
};

std::string probeTunnel(const link::TunnelKind& kind, const netns::NetNs& ns) {
  try {
    auto sock = link::NlSocket::openIn(ns);
    kind.create(sock, {"lrprobe0", *Ip4::parse("192.0.2.1"), *Ip4::parse("192.0.2.2"), {}});
    return "";
  } catch (const std::exception& e) {
    return firstLine(e.what());
  }
}

std::string probeNat(const netns::NetNs& ns, std::string& backend) {
  try {
    nat::IptablesRestore ipt;
    ipt.apply(ns, "*nat\n-A POSTROUTING -o lo -j SNAT --to-source 192.0.2.9\nCOMMIT\n");
    backend = ipt.backend();
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

// Why a missing feature's modules would not load even where the kernel has them.
void explainBlocks(Missing& m, const std::vector<std::string>& modules) {
  for (const auto& mod : modules)
    if (auto b = findModuleBlock(mod)) {
      m.blocked = mod + " is blocked by " + b->where() + " (" + b->directive + ")";
      return;
    }
}

}  // namespace

ProbeResult probe(const FeatureNeeds& needs) {
  ProbeResult r;
  if (!needs.any()) return r;
  if (::geteuid() != 0) {
    r.missing.push_back({"privileges", "the host backend needs root (CAP_NET_ADMIN) to make namespaces"});
    return r;
  }
  std::optional<Scratch> s;
  try {
    s.emplace();
  } catch (const sys::Error& e) {
    r.missing.push_back({"network namespaces", e.what()});
    return r;
  }
  for (const auto& name : needs.tunnelKinds) {
    const link::TunnelKind& kind = link::tunnelKind(name);
    if (auto err = probeTunnel(kind, s->ns()); !err.empty()) {
      r.missing.push_back({kind.feature(), err, true});
      explainBlocks(r.missing.back(), kind.modules());
    }
  }
  if (needs.esp)
    if (auto err = probeEsp(s->ns()); !err.empty()) {
      r.missing.push_back({"ESP (esp4, xfrm_user)", "adding an ESP state: " + err, true});
      explainBlocks(r.missing.back(), {"esp4", "xfrm_user", "xfrm_algo"});
    }
  if (needs.nat)
    if (auto err = probeNat(s->ns(), r.natBackend); !err.empty()) {
      r.missing.push_back({"iptables NAT", err});
      explainBlocks(r.missing.back(), {"iptable_nat", "nft_chain_nat", "nf_nat"});
    }
  return r;
}

}  // namespace lab::kernel::host

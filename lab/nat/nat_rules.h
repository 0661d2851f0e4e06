#pragma once
// 1:1 NAT as iptables-restore text: a pure function of the topology.
//
// For each host behind the NAT that has a public address, for all protocols
// (no -p: ESP, GRE, UDP 500/4500 and ICMP alike):
//   -A PREROUTING  -i outside -d PUBLIC  -j DNAT --to-destination PRIVATE
//   -A POSTROUTING -o outside -s PRIVATE -j SNAT --to-source PUBLIC
//
// The public address is NOT added to the NAT's outside leg: the router holds
// a /32 route for it via the NAT's outsideAddr, so packets for it arrive at
// the NAT's MAC and DNAT rewrites them in PREROUTING before any local
// delivery. Keeping it off every interface also keeps it off the host behind
// the NAT, which is what the article's "left=1.2.3.4 is not usable" needs.
// (A node sitting directly on the outside segment that ARPs for the public
// address would get no answer; topologies route it through the router.)
#include <string>
#include <vector>

#include "lab/core/ip.h"
#include "lab/core/topology.h"

namespace lab::nat {

inline constexpr const char* kInsideIface = "inside";
inline constexpr const char* kOutsideIface = "outside";

struct NatMapping {
  std::string host;   // for comments and reports
  Ip4 privateAddr;
  Ip4 publicAddr;
  bool operator==(const NatMapping&) const = default;
};

// Hosts behind `nat` with a public address, in topology order.
std::vector<NatMapping> natMappings(const TopologySpec& spec, const std::string& nat);

// The complete nat table for iptables-restore (replaces the table).
std::string renderNatRules(const std::vector<NatMapping>& mappings,
                           const std::string& outsideIface = kOutsideIface);

}  // namespace lab::nat

#pragma once
// The topology a lab realises: plain data, no syscalls. harness/scenario
// fills it from a YAML file and validates it completely before any syscall.
//
// Nodes: one namespace per host, NAT gateway and (if any segment has a
// gateway) the router; all segments are bridges in one switch namespace.
//   lr-<lab>-<host>  lr-<lab>-<nat>  lr-<lab>-router  lr-<lab>-sw
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lab/core/ip.h"

namespace lab {

// An L2 broadcast domain (a bridge in the switch namespace).
struct SegmentSpec {
  std::string name;
  Prefix subnet;                // e.g. 1.0.0.0/24
  std::optional<Ip4> gateway;   // address of the router on this segment, if routed
};

// A host: one NIC on one segment. Its default route is the segment's gateway
// (router, or the inside address of the NAT it sits behind).
struct HostSpec {
  std::string name;             // "A"
  std::string segment;          // segment name
  std::string iface = "eth0";   // NIC name inside the host
  Prefix address;               // e.g. 10.1.0.1/24 (length = segment's)
  std::optional<Ip4> publicAddr;  // 1:1 NAT public address (requires behind)
  std::string behind;           // NAT name, empty if none
  std::string release;          // Debian release its IKE daemon runs from (lab/release); empty: this machine's
};

// A 1:1 NAT gateway: inside leg on a private segment (gateway of that
// segment), outside leg on a routed segment. Each host behind it with a
// public address gets SNAT out / DNAT in for all protocols.
struct NatSpec {
  std::string name;             // "nat-c"
  std::string insideSegment;
  Ip4 insideAddr;               // the inside hosts' default gateway
  std::string outsideSegment;
  Ip4 outsideAddr;              // the NAT's own address on the outside segment
};

// A tunnel device between two hosts: ends[0] and ends[1]. Its kind
// (`type`) is a link kind of lab/link/tunnel_kind.h ("gre").
struct TunnelEnd {
  std::string host;
  Ip4 local;                    // outer source (the host's NIC address)
  Ip4 remote;                   // outer destination (peer's public or NIC address)
  Prefix inner;                 // address on the tunnel device, e.g. 10.0.0.1/30
};
struct TunnelSpec {
  std::string name;             // device name on both hosts, e.g. "gre1"
  std::string type = "gre";     // link kind
  TunnelEnd ends[2];
  std::map<std::string, std::string> options;  // the kind's own (gre: key), validated by the reader
  // The end on `host` (0 or 1), -1 if the tunnel does not reach it.
  int endOf(const std::string& host) const { return ends[0].host == host ? 0 : ends[1].host == host ? 1 : -1; }
};

struct TopologySpec {
  std::string lab;              // lab name: namespaces are lr-<lab>-<node>
  std::vector<SegmentSpec> segments;
  std::vector<NatSpec> nats;
  std::vector<HostSpec> hosts;
  std::vector<TunnelSpec> tunnels;

  const TunnelSpec* tunnel(const std::string& name) const {
    for (const auto& t : tunnels)
      if (t.name == name) return &t;
    return nullptr;
  }
  bool needsNat() const { return !nats.empty(); }
};

// Namespace name of a node: "lr-<lab>-<node>".
inline std::string nsName(const std::string& lab, const std::string& node) {
  return "lr-" + lab + "-" + node;
}
inline constexpr const char* kRouterNode = "router";
inline constexpr const char* kSwitchNode = "sw";

}  // namespace lab

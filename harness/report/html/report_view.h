#pragma once
// What the HTML report draws, as plain data: the lab's topology with its
// addresses, its tunnels and IPsec connections (with each end's daemon),
// and per stage the settings it applied. Built from a scenario and its
// run's result (report_view_of.h), or by hand in tests. Holds no secret:
// a connection's own config text is never copied here, only its name.
#include <string>
#include <vector>

namespace harness::report::html {

struct SegmentView {
  std::string name, subnet, gateway;  // gateway: the router's address ("" if not routed)
};
struct HostView {
  std::string name, segment, address;  // address with its length: "10.1.0.1/24"
  std::string publicAddr, behind;      // 1:1 NAT public address and which NAT ("" if none)
  std::string daemon;                  // "libreswan 4.10 (4.10-2+deb12u1, this machine's bookworm)"; "" if no IKE
};
struct NatView {
  std::string name, insideSegment, insideAddr, outsideSegment, outsideAddr;
};
struct TunnelView {
  std::string name, type;                          // "gre1", "gre"
  std::string hosts[2], inner[2], local[2], remote[2];
};
struct ConnView {
  std::string name, tunnel, mode;       // mode: "GRE over IPsec (transport)"
  std::string hosts[2];                 // between
  std::string ike, auth, initiator;     // "IKEv1", "rsa"
  std::string daemon[2];                // per end: what ran it
  std::string settings[2];              // per end, every stage: "left=%defaultroute leftid=1.2.3.4" ("" = defaults)
};
struct StageView {
  std::string name;
  std::vector<std::string> settings;    // "gre1 C: left=1.2.3.4", "fault: B drops UDP 500/4500"
};

struct ReportView {
  std::string scenario, about;
  std::vector<SegmentView> segments;
  std::vector<HostView> hosts;
  std::vector<NatView> nats;
  std::vector<TunnelView> tunnels;
  std::vector<ConnView> conns;
  std::vector<StageView> stages;        // in run order

  bool routed() const {
    for (const auto& s : segments)
      if (!s.gateway.empty()) return true;
    return false;
  }
  const HostView* host(const std::string& name) const {
    for (const auto& h : hosts)
      if (h.name == name) return &h;
    return nullptr;
  }
};

}  // namespace harness::report::html

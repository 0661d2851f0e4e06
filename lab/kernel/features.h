#pragma once
// Kernel features a scenario needs, and what a backend found missing.
#include <string>
#include <vector>

namespace lab {
struct TopologySpec;
}

namespace lab::kernel {

struct FeatureNeeds {
  std::vector<std::string> tunnelKinds;  // link kinds of its tunnels ("gre")
  bool esp = false;                      // esp4 + xfrm_user
  bool nat = false;                      // iptables nat table in a namespace
  bool any() const { return !tunnelKinds.empty() || esp || nat; }
};

// What a topology needs: its tunnels' kinds and NAT; `esp` when it runs IPsec.
FeatureNeeds needsOf(const TopologySpec& topology, bool esp);
// Every feature labrun can use (doctor).
FeatureNeeds everything();

// One missing feature: what, and what would provide it.
struct Missing {
  std::string feature;  // "GRE (ip_gre)"
  std::string detail;   // what the probe saw, e.g. "Unknown device type"
  bool dataplane = false;  // a tunnel kind or ESP (IKE can still be exercised without it)
  // A module of the feature this kernel is told not to load (modprobe.d's
  // `install esp4 /bin/false`, `blacklist esp4`): "esp4 is blocked by
  // FILE:LINE (DIRECTIVE)"; empty when nothing blocks it.
  std::string blocked;
};

struct ProbeResult {
  std::vector<Missing> missing;
  std::string natBackend;  // iptables backend that works here, if nat was probed
  std::string kernelDetail;  // which kernel of the backend, and why ("UML kernel 6.12: ...")
  bool ok() const { return missing.empty(); }
  // Only dataplane features (tunnel devices, ESP) are missing.
  bool onlyDataplaneMissing() const;
  std::string describe() const;  // "GRE (ip_gre): ...; ESP (esp4): ..."
  std::string features() const;  // "GRE (ip_gre), ESP (esp4, xfrm_user)"
};

}  // namespace lab::kernel

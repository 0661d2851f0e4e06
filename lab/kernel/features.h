#pragma once
// Kernel features a scenario needs, and what a backend found missing.
#include <string>
#include <vector>

namespace lab::kernel {

struct FeatureNeeds {
  bool gre = false;   // ip_gre
  bool esp = false;   // esp4 + xfrm_user
  bool nat = false;   // iptables nat table in a namespace
};

// One missing feature: what, and what would provide it.
struct Missing {
  std::string feature;  // "GRE (ip_gre)"
  std::string detail;   // what the probe saw, e.g. "ip link add type gre: Unknown device type"
};

struct ProbeResult {
  std::vector<Missing> missing;
  std::string natBackend;  // iptables backend that works here, if nat was probed
  bool ok() const { return missing.empty(); }
  std::string describe() const;  // "GRE (ip_gre): ...; ESP (esp4): ..."
};

}  // namespace lab::kernel

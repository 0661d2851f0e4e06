#include "lab/kernel/features.h"

#include <algorithm>

#include "lab/core/topology.h"
#include "lab/link/tunnel_kind.h"

namespace lab::kernel {

FeatureNeeds needsOf(const TopologySpec& topology, bool esp) {
  FeatureNeeds n;
  for (const auto& t : topology.tunnels)
    if (std::find(n.tunnelKinds.begin(), n.tunnelKinds.end(), t.type) == n.tunnelKinds.end())
      n.tunnelKinds.push_back(t.type);
  n.esp = esp;
  n.nat = topology.needsNat();
  return n;
}

FeatureNeeds everything() {
  FeatureNeeds n;
  n.tunnelKinds = link::tunnelKindNames();
  n.esp = n.nat = true;
  return n;
}

bool ProbeResult::onlyDataplaneMissing() const {
  return std::all_of(missing.begin(), missing.end(), [](const Missing& m) { return m.dataplane; });
}

std::string ProbeResult::describe() const {
  std::string s;
  for (const auto& m : missing)
    s += (s.empty() ? "" : "; ") + m.feature + " (" + m.detail + (m.blocked.empty() ? "" : "; " + m.blocked) + ")";
  return s;
}

std::string ProbeResult::features() const {
  std::string s;
  for (const auto& m : missing) s += (s.empty() ? "" : ", ") + m.feature;
  return s;
}

}  // namespace lab::kernel

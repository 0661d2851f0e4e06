#include "lab/nat/nat_rules.h"

namespace lab::nat {

std::vector<NatMapping> natMappings(const TopologySpec& spec, const std::string& nat) {
  std::vector<NatMapping> out;
  for (const auto& h : spec.hosts)
    if (h.behind == nat && h.publicAddr) out.push_back({h.name, h.address.addr, *h.publicAddr});
  return out;
}

std::string renderNatRules(const std::vector<NatMapping>& mappings, const std::string& outsideIface) {
  std::string t =
      "*nat\n"
      ":PREROUTING ACCEPT [0:0]\n"
      ":INPUT ACCEPT [0:0]\n"
      ":OUTPUT ACCEPT [0:0]\n"
      ":POSTROUTING ACCEPT [0:0]\n";
  for (const auto& m : mappings) {
    const std::string pub = m.publicAddr.str(), priv = m.privateAddr.str();
    t += "# " + m.host + ": " + pub + " <-> " + priv + "\n";
    t += "-A PREROUTING -i " + outsideIface + " -d " + pub + "/32 -j DNAT --to-destination " + priv + "\n";
    t += "-A POSTROUTING -o " + outsideIface + " -s " + priv + "/32 -j SNAT --to-source " + pub + "\n";
  }
  t += "COMMIT\n";
  return t;
}

}  // namespace lab::nat

#pragma once
// Lab: makes a TopologySpec real — namespaces, bridges, veth legs, addresses,
// sysctls, routes, the 1:1 NAT, GRE tunnels — and tears it down again.
//
//   Lab lab(spec, {runDir, log});
//   lab.build();          // on any exception: already torn down, rethrown
//   ... lab.node("A") ...
//   lab.teardown();       // also run by the destructor
//
// Every build step pushes its undo onto a LIFO Teardown right after the
// thing is made. Teardown order: (captures and daemons are stopped by their
// owners before) → links → processes still inside the lab's namespaces are
// killed → namespaces removed → netlink sockets and namespace fds closed.
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "lab/core/teardown.h"
#include "lab/core/topology.h"

namespace lab::netns {
class NetNs;
}
namespace lab::link {
class NlSocket;
}
namespace lab::nat {
class IptablesRestore;
}

namespace lab::core {

struct LabOptions {
  std::filesystem::path runDir;                    // NAT rules are recorded here (if set)
  std::function<void(const std::string&)> log;     // one line per major step (may be empty)
};

class Lab {
 public:
  Lab(TopologySpec spec, LabOptions options);
  ~Lab();
  Lab(const Lab&) = delete;
  Lab& operator=(const Lab&) = delete;

  // Throws sys::Error / sys::EnvironmentError (e.g. no GRE on this kernel)
  // after tearing down whatever was made.
  void build();
  void teardown() noexcept;
  // Keeps the lab (`--keep`): forgets the teardown, closes this object's
  // sockets and namespace fds; the named namespaces stay until
  // cleanLeftovers(lab) removes them. node() throws afterwards.
  void release() noexcept;
  bool built() const { return built_; }

  // Node names: "sw", "router" (if any segment is routed), NATs, hosts.
  const netns::NetNs& node(const std::string& name) const;
  std::vector<std::string> nodeNames() const;
  // (node, iface) of every host/NAT/router interface, GRE devices included.
  std::vector<std::pair<std::string, std::string>> links() const;
  const TopologySpec& spec() const { return spec_; }
  // "iptables-nft" / "iptables-legacy"; "" if the lab has no NAT (or not built).
  std::string natBackend() const;

 private:
  struct Node;
  void log(const std::string& line) const;
  bool hasRouter() const;
  const SegmentSpec& segment(const std::string& name) const;
  const NatSpec& natOf(const std::string& name) const;
  Node& mutableNode(const std::string& name);
  // The IP interfaces of a node (not the switch): name → address.
  std::vector<std::pair<std::string, Prefix>> ipLegs(const std::string& node) const;

  void createNamespaces();
  void createBridges();
  void createLegs();
  void addAddresses();
  void setSysctls();
  void addRoutes();
  void applyNat();
  void createTunnels();
  void attachLeg(const std::string& node, const std::string& iface, const std::string& segment);

  TopologySpec spec_;
  LabOptions options_;
  std::map<std::string, std::unique_ptr<Node>> nodes_;
  std::unique_ptr<nat::IptablesRestore> iptables_;
  std::map<std::string, std::string> natRules_;  // NAT node → applied rules
  std::map<std::string, std::string> bridgeOf_;  // segment → bridge name in the switch
  int portCount_ = 0;
  Teardown teardown_;
  bool built_ = false;
};

}  // namespace lab::core

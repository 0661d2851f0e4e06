#pragma once
// Internal to harness/scenario: reads segments, nats, hosts and tunnels into
// a lab::TopologySpec, checking every reference and address.
#include <map>
#include <string>
#include <vector>

#include "harness/scenario/yaml_reader.h"
#include "lab/core/topology.h"

namespace harness::scenario {

// What stage checks may refer to: every node and its interfaces.
struct NodeInfo {
  std::string kind;                 // "host", "nat", "router"
  std::vector<std::string> ifaces;
  bool complete = true;             // false when its definition had errors
};
struct NodeIndex {
  std::map<std::string, NodeInfo> nodes;
  std::vector<std::string> order;   // node names in definition order
  std::vector<std::string> hosts;   // host names in definition order
  bool complete = true;             // false when a topology section is missing or malformed
};

class TopologyReader {
 public:
  explicit TopologyReader(YamlReader& r) : r_(r) {}
  // `top` holds the file's top-level keys; topology.lab is left empty.
  lab::TopologySpec read(const Fields& top);
  const NodeIndex& nodes() const { return nodes_; }

 private:
  struct Seg { lab::SegmentSpec spec; bool ok = false; YAML::Node subnetNode; };
  struct Nat { lab::NatSpec spec; bool ok = false; Field key; int hostsBehind = 0; };
  struct Host { lab::HostSpec spec; bool ok = false; };
  struct Tunnel { lab::TunnelSpec spec; bool ok = false; bool endsKnown = false; };

  void readSegments(const Field* f);
  void readNats(const Field* f);
  void readHosts(const Field* f);
  void readTunnels(const Field* f);
  bool readTunnel(const Field& entry, Tunnel& t);
  void buildNodeIndex();

  const Seg* segment(const YAML::Node& n, const std::string& path, bool* ok);
  // Address a must be a usable address of segment s.
  bool usable(lab::Ip4 a, const Seg& s, const YAML::Node& n, const std::string& path);
  // Every address is used once across the lab.
  bool claim(lab::Ip4 a, const YAML::Node& n, const std::string& path);

  YamlReader& r_;
  std::map<std::string, Seg> segs_;
  std::vector<std::string> segOrder_;
  std::map<std::string, Nat> nats_;
  std::vector<std::string> natOrder_;
  std::map<std::string, Host> hosts_;
  std::vector<std::string> hostOrder_;
  std::vector<Tunnel> tunnels_;
  std::map<std::uint32_t, std::pair<std::string, int>> pool_;  // address -> (path, line)
  NodeIndex nodes_;
};

}  // namespace harness::scenario

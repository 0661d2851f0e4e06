#pragma once
// Internal to harness/scenario: reads `ipsec:` (the IPsec connection, stated
// once) and per-host connection settings (`set:`, also used by stages).
#include <map>
#include <optional>
#include <string>

#include "harness/scenario/scenario_spec.h"
#include "harness/scenario/topology_reader.h"
#include "harness/scenario/yaml_reader.h"

namespace harness::scenario {

// f is the top-level `ipsec` entry (nullptr if absent).
std::optional<IpsecSpec> readIpsec(YamlReader& r, const Field* f, const NodeIndex& nodes,
                                   const lab::TopologySpec& topo);

// `set: { C: { left: ..., leftid: ... } }`; hosts must be the IPsec ends.
std::map<std::string, ConnSettings> readConnSettings(YamlReader& r, const Field& f,
                                                     const IpsecSpec* ipsec);

// `config: { C: "conn gre1\n    left=..." }`: a host's own libreswan conn
// block, used as written (bring your own config).
std::map<std::string, LiteralConn> readLiteralConfigs(YamlReader& r, const Field& f, const IpsecSpec* ipsec);

}  // namespace harness::scenario

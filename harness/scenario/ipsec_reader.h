#pragma once
// Internal to harness/scenario: reads `ipsec:` — one connection (a map with
// `between:`) or several (a map of connection name → connection) — and the
// per-end settings stages change (`set:`, `config:`, `mode:`).
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

// `{ left, right, leftid, rightid }` of one end.
std::optional<ConnSettings> readEndSettings(YamlReader& r, const Field& f);
// A user's own connection text for one end (bring your own config).
std::optional<lab::ike::OwnConfig> readOwnConfig(YamlReader& r, const Field& f);
// `ipsec-over-gre` / `gre-over-ipsec`.
std::optional<lab::ike::Mode> readMode(YamlReader& r, const Field& f);

}  // namespace harness::scenario

#pragma once
// `labrun reproduce --map ADDRESS=HOST`: the addresses in a user's own
// config mapped to the lab's hosts, and the check that every address a conn
// names (left, right) is one of the lab's, before anything is created.
#include <string>
#include <vector>

#include "harness/scenario/scenario_spec.h"

namespace harness::cli {

// `text` with every whole ADDRESS of `maps` (ADDRESS=HOST) replaced by HOST's
// address as its peers reach it (its public address behind a NAT). Throws
// UsageError for a malformed map or a host the topology lacks.
std::string applyAddressMaps(const std::string& text, const std::vector<std::string>& maps,
                             const lab::TopologySpec& topology);

// The lab's addresses as "A 1.0.0.4, C 10.1.0.1 (public 1.2.3.4)".
std::string labAddresses(const lab::TopologySpec& topology);
// True when `addr` is an address of some lab host (NIC, public, tunnel inner).
bool isLabAddress(const std::string& addr, const lab::TopologySpec& topology);

}  // namespace harness::cli

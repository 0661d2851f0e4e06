#pragma once
// A parsed, validated scenario: topology (lab::TopologySpec) plus stages of
// checks. Plain data; harness/scenario/parser.h builds it from YAML.
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "lab/core/ip.h"
#include "lab/core/topology.h"

namespace harness {

// Where something came from in the scenario file (1-based).
struct SourcePos {
  int line = 0;
  int col = 0;
};

// Traffic: `ping: { from: A, to: 10.0.0.2, count: 3, loss: 0, timeout: 5 }`.
struct PingCheck {
  std::string from;             // host name
  lab::Ip4 to;
  int count = 3;
  int maxLossPercent = 0;       // loss tolerance
  double timeoutSec = 5;        // whole check
};

// Wire: `wire: { link: A:eth0, shows: esp, never: [gre, icmp], from: 1.2.3.4 }`.
// A link is "<node>:<iface>" (host, NAT or router node). `shows` and `never`
// are header-stack patterns (see harness/capture/stack_pattern.h).
struct WireCheck {
  std::string node;
  std::string iface;
  std::vector<std::string> shows;   // each must be seen at least once (matching from/to)
  std::vector<std::string> never;   // none may be seen (matching from/to, if given)
  std::optional<lab::Ip4> from;     // outermost IP source filter
  std::optional<lab::Ip4> to;       // outermost IP destination filter
};

using Check = std::variant<PingCheck, WireCheck>;

struct CheckSpec {
  Check check;
  SourcePos pos;
  std::string describe() const;  // one line, e.g. "ping A -> 10.0.0.2" / "wire A:eth0 shows esp"
};

struct StageSpec {
  std::string name;
  std::vector<CheckSpec> checks;
};

struct ScenarioSpec {
  std::string name;
  std::string about;                 // one line, shown by `labrun list`
  std::filesystem::path file;
  lab::TopologySpec topology;
  std::vector<StageSpec> stages;
};

}  // namespace harness

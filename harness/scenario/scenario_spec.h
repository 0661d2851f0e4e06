#pragma once
// A parsed, validated scenario: topology (lab::TopologySpec) plus stages of
// checks. Plain data; harness/scenario/parser.h builds it from YAML.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "lab/core/ip.h"
#include "lab/core/topology.h"
#include "lab/ike/conn_spec.h"
#include "lab/ike/own_config.h"

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

// IKE: `tunnel: up` / `tunnel: down` / `tunnel: { conn: a-c, state: up, timeout: 10 }`.
// Up: both daemons report the IKE SA and the IPsec SA established. Down:
// no IPsec SA on either side once the daemons have settled. Without `conn`
// the check judges every connection of the scenario.
struct TunnelCheck {
  std::string conn;  // a connection's name; empty: every connection
  bool up = true;
  double timeoutSec = 15;
};

// IKE outcome: `ike: { outcome: id-rejected }`, `ike: { at: C, outcome:
// cannot-identify-ourselves, timeout: 10 }`. Outcomes are stated as what
// happened (see harness/assert/ike_outcomes.h); each implementation's table
// maps them to what its installed version logs. Passes as soon as the
// outcome is seen; fails when the tunnel comes up instead, when another
// failure ends the negotiation, or at the timeout.
struct IkeCheck {
  std::string conn;     // the connection whose log lines count; empty: any
  std::string at;       // host (an IPsec end), empty: either end
  std::string outcome;  // e.g. "notify:INVALID_ID_INFORMATION", "id-rejected", "established"
  double timeoutSec = 10;
};

using Check = std::variant<PingCheck, WireCheck, TunnelCheck, IkeCheck>;

struct CheckSpec {
  Check check;
  SourcePos pos;
  std::string describe() const;  // one line, e.g. "ping A -> 10.0.0.2" / "wire A:eth0 shows esp"
};

// A host's connection settings, in ipsec.conf words (left = that host).
// Unset: labrun's default (left = the host's own address, ids unset).
struct ConnSettings {
  std::optional<std::string> left, right, leftid, rightid;
  // auto=start (this end initiates too) or auto=add (it only answers);
  // unset: the connection's initiator: decides.
  std::optional<bool> autoStart;
};

// Per end of one connection (host → what).
using PerEnd = std::map<std::string, ConnSettings>;
using OwnPerEnd = std::map<std::string, lab::ike::OwnConfig>;

// One IPsec connection, stated once for both ends.
struct IpsecConn {
  std::string name;                       // its name in both daemons' configs (default: its tunnel's)
  std::string hosts[2];                   // between: [A, B]
  lab::ike::Mode mode = lab::ike::Mode::GreOverIpsec;
  std::string tunnel;                     // the tunnel it protects / runs over
  int ikeVersion = 2;
  bool ikeStated = false;                 // ike: given (or --ikev): also fills in own conns that say nothing
  lab::ike::Auth auth = lab::ike::Auth::Psk;
  std::string initiator;                  // one of hosts
  PerEnd set;                             // per end, for every stage
  OwnPerEnd config;                       // per end: their own conn (every stage)
  SourcePos pos;
  bool hasEnd(const std::string& host) const { return hosts[0] == host || hosts[1] == host; }
};

// Every IPsec connection of a scenario. Each host that is an end of one
// runs one IKE daemon that carries all of its connections.
struct IpsecSpec {
  std::vector<IpsecConn> conns;
  std::map<std::string, std::string> daemons;  // host → IKE implementation (every end)
  std::vector<std::string> hosts() const;      // every end, in first-seen order
  const IpsecConn* conn(const std::string& name) const;
  std::vector<const IpsecConn*> connsOf(const std::string& host) const;
  // The one connection `host` is an end of, nullptr if none or several.
  const IpsecConn* onlyConnOf(const std::string& host) const;
};

// Faults a stage injects (each names an IPsec end, empty if unused):
//   wrong-psk: B     B is configured with a different pre-shared key
//   kill-daemon: B   B's IKE daemon is killed (SIGKILL) once the stage is set up
//   block-ike: B     B's namespace drops incoming UDP 500 and 4500
struct FaultSpec {
  std::string wrongPsk, killDaemon, blockIke;
  bool any() const { return !wrongPsk.empty() || !killDaemon.empty() || !blockIke.empty(); }
  bool operator==(const FaultSpec&) const = default;
};

struct StageSpec {
  std::string name;
  std::map<std::string, PerEnd> set;        // connection → per end, on top of its set:
  std::map<std::string, OwnPerEnd> config;  // connection → per end: their own conn for this stage
  // Connections whose mode this stage changes (`mode: { a-b: ipsec-over-gre }`).
  std::map<std::string, lab::ike::Mode> mode;
  // IPsec hosts that move to another Debian release from this stage on
  // (`release: { C: bookworm }`): an upgrade. Their daemons restart.
  std::map<std::string, std::string> release;
  FaultSpec fault;
  std::vector<CheckSpec> checks;
};

struct ScenarioSpec {
  std::string name;
  std::string about;                 // one line, shown by `labrun list`
  std::filesystem::path file;
  lab::TopologySpec topology;
  std::optional<IpsecSpec> ipsec;
  std::vector<StageSpec> stages;
};

}  // namespace harness

// harness/scenario: YAML -> ScenarioSpec, and every kind of error it reports
// (position, YAML path, message, suggestion).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "harness/scenario/parser.h"
#include "harness/scenario/suggest.h"

using harness::PingCheck;
using harness::ScenarioSpec;
using harness::WireCheck;
using harness::scenario::LoadOptions;
using harness::scenario::ScenarioError;
using harness::scenario::ScenarioParseError;
using harness::scenario::loadScenario;
using harness::scenario::parseScenario;

namespace {

std::vector<ScenarioError> errorsOf(const std::string& yaml, const LoadOptions& opts = {}) {
  try {
    parseScenario(yaml, "t.yaml", opts);
  } catch (const ScenarioParseError& e) {
    return e.errors;
  }
  ADD_FAILURE() << "no error for:\n" << yaml;
  return {};
}

// The error at (path), which must exist exactly once.
ScenarioError errorAt(const std::vector<ScenarioError>& errs, const std::string& path) {
  const ScenarioError* found = nullptr;
  int n = 0;
  for (const auto& e : errs)
    if (e.yamlPath == path) found = &e, ++n;
  std::string all;
  for (const auto& e : errs) all += e.format() + "\n";
  EXPECT_EQ(n, 1) << "errors at '" << path << "':\n" << all;
  return found ? *found : ScenarioError{};
}

#define EXPECT_ERROR(errs, path, atLine, atCol, msgPart, hintText)       \
  do {                                                                   \
    auto e_ = errorAt(errs, path);                                       \
    EXPECT_EQ(e_.line, atLine) << e_.format();                           \
    EXPECT_EQ(e_.col, atCol) << e_.format();                             \
    EXPECT_NE(e_.message.find(msgPart), std::string::npos) << e_.format(); \
    EXPECT_EQ(e_.hint, hintText) << e_.format();                         \
  } while (0)

// A valid scenario; tests append or substitute lines.
const char* kHead =
    "name: t\n"                                              // 1
    "segments:\n"                                            // 2
    "  wan: { subnet: 1.0.0.0/24, gateway: 1.0.0.1 }\n"      // 3
    "  lan-c: { subnet: 10.1.0.0/24 }\n"                     // 4
    "nats:\n"                                                // 5
    "  nat-c: { inside: lan-c, inside-address: 10.1.0.254, outside: wan, outside-address: 1.0.0.254 }\n"  // 6
    "hosts:\n"                                               // 7
    "  A: { segment: wan, address: 1.0.0.4 }\n"              // 8
    "  C: { segment: lan-c, address: 10.1.0.1, behind: nat-c, public: 1.2.3.4 }\n";  // 9
const char* kStages =
    "stages:\n"
    "  - name: s\n"
    "    checks:\n"
    "      - ping: { from: A, to: 1.2.3.4 }\n";

std::string withHead(const std::string& rest) { return std::string(kHead) + rest; }
std::string valid(const std::string& extra = "") { return std::string(kHead) + extra + kStages; }

}  // namespace

// ---- the happy path ----------------------------------------------------

TEST(ScenarioParser, ShippedGrePlain) {
  ScenarioSpec s = loadScenario(LABRUN_SOURCE_DIR "/scenarios/gre-plain.yaml");
  EXPECT_EQ(s.name, "gre-plain");
  EXPECT_EQ(s.topology.lab, "gre-plain");
  EXPECT_FALSE(s.about.empty());
  ASSERT_EQ(s.topology.segments.size(), 1u);
  EXPECT_EQ(s.topology.segments[0].subnet.str(), "1.0.0.0/24");
  EXPECT_EQ(s.topology.segments[0].gateway->str(), "1.0.0.1");
  ASSERT_EQ(s.topology.hosts.size(), 2u);
  EXPECT_EQ(s.topology.hosts[0].address.str(), "1.0.0.4/24");
  EXPECT_EQ(s.topology.hosts[0].iface, "eth0");
  EXPECT_EQ(s.topology.hosts[1].address.str(), "1.0.0.5/24");
  ASSERT_EQ(s.topology.tunnels.size(), 1u);
  const auto& t = s.topology.tunnels[0];
  EXPECT_EQ(t.name, "gre1");
  EXPECT_EQ(t.ends[0].host, "A");
  EXPECT_EQ(t.ends[0].local.str(), "1.0.0.4");
  EXPECT_EQ(t.ends[0].remote.str(), "1.0.0.5");
  EXPECT_EQ(t.ends[0].inner.str(), "10.0.0.1/30");
  EXPECT_EQ(t.ends[1].host, "B");
  EXPECT_EQ(t.ends[1].local.str(), "1.0.0.5");
  EXPECT_EQ(t.ends[1].remote.str(), "1.0.0.4");
  EXPECT_EQ(t.ends[1].inner.str(), "10.0.0.2/30");
  EXPECT_EQ(t.type, "gre");
  EXPECT_FALSE(t.options.count("key"));
  ASSERT_EQ(s.stages.size(), 1u);
  EXPECT_EQ(s.stages[0].name, "tunnel");
  ASSERT_EQ(s.stages[0].checks.size(), 4u);
  EXPECT_EQ(s.stages[0].checks[0].describe(), "ping A -> 10.0.0.2");
  EXPECT_EQ(s.stages[0].checks[1].describe(), "ping B -> 10.0.0.1");
  EXPECT_EQ(s.stages[0].checks[2].describe(), "wire A:eth0 shows ip/gre/ip/icmp, never esp");
  EXPECT_EQ(s.stages[0].checks[3].describe(), "wire B:gre1 shows ip/icmp");
  EXPECT_GT(s.stages[0].checks[0].pos.line, 0);
}

TEST(ScenarioParser, ShippedNatPlain) {
  ScenarioSpec s = loadScenario(LABRUN_SOURCE_DIR "/scenarios/nat-plain.yaml", {"np1"});
  EXPECT_EQ(s.name, "nat-plain");
  EXPECT_EQ(s.topology.lab, "np1");
  ASSERT_EQ(s.topology.nats.size(), 1u);
  const auto& n = s.topology.nats[0];
  EXPECT_EQ(n.name, "nat-c");
  EXPECT_EQ(n.insideSegment, "lan-c");
  EXPECT_EQ(n.insideAddr.str(), "10.1.0.254");
  EXPECT_EQ(n.outsideSegment, "wan");
  EXPECT_EQ(n.outsideAddr.str(), "1.0.0.254");
  ASSERT_EQ(s.topology.hosts.size(), 2u);
  const auto& c = s.topology.hosts[1];
  EXPECT_EQ(c.name, "C");
  EXPECT_EQ(c.address.str(), "10.1.0.1/24");
  EXPECT_EQ(c.behind, "nat-c");
  EXPECT_EQ(c.publicAddr->str(), "1.2.3.4");
  EXPECT_FALSE(s.topology.segments[1].gateway.has_value());
  ASSERT_EQ(s.stages.size(), 1u);
  const auto& checks = s.stages[0].checks;
  ASSERT_EQ(checks.size(), 5u);
  EXPECT_EQ(std::get<PingCheck>(checks[0].check).to.str(), "1.2.3.4");
  EXPECT_EQ(std::get<PingCheck>(checks[1].check).from, "C");
  const auto& w = std::get<WireCheck>(checks[2].check);
  EXPECT_EQ(w.node, "nat-c");
  EXPECT_EQ(w.iface, "outside");
  EXPECT_EQ(w.from->str(), "1.2.3.4");
  EXPECT_EQ(checks[3].describe(), "wire nat-c:outside from 10.1.0.1 never ip");
  EXPECT_EQ(checks[4].describe(), "wire C:eth0 shows ip/icmp to 10.1.0.1");
}

TEST(ScenarioParser, GreToNattedHostUsesItsPublicAddress) {
  ScenarioSpec s = parseScenario(valid("tunnels:\n"
                                       "  gre1: { type: gre, between: [A, C], inner: [10.0.0.1/30, 10.0.0.2/30], key: 42 }\n"),
                                 "t.yaml");
  const auto& t = s.topology.tunnels.at(0);
  EXPECT_EQ(t.ends[0].local.str(), "1.0.0.4");
  EXPECT_EQ(t.ends[0].remote.str(), "1.2.3.4");   // C's public address
  EXPECT_EQ(t.ends[1].local.str(), "10.1.0.1");   // C's NIC address
  EXPECT_EQ(t.ends[1].remote.str(), "1.0.0.4");
  EXPECT_EQ(t.options.at("key"), "42");
}

TEST(ScenarioParser, GreLocalRemoteOverride) {
  ScenarioSpec s = parseScenario(
      valid("tunnels:\n"
            "  gre1: { type: gre, between: [A, C], inner: [10.0.0.1/30, 10.0.0.2/30],\n"
            "          local: [1.0.0.4, 1.2.3.4], remote: [10.1.0.1, 1.0.0.4] }\n"),
      "t.yaml");
  const auto& t = s.topology.tunnels.at(0);
  EXPECT_EQ(t.ends[0].remote.str(), "10.1.0.1");
  EXPECT_EQ(t.ends[1].local.str(), "1.2.3.4");
}

TEST(ScenarioParser, DefaultsAndOptions) {
  ScenarioSpec s = parseScenario(
      withHead("stages:\n"
               "  - name: s\n"
               "    checks:\n"
               "      - ping: { from: A, to: 1.2.3.4, count: 5, loss: 20, timeout: 2.5 }\n"
               "      - wire: { link: nat-c:inside, never: [esp, ip/gre/ip/icmp] }\n"
               "      - wire: { link: router:wan, shows: esp }\n"),
      "t.yaml");
  const auto& p = std::get<PingCheck>(s.stages[0].checks[0].check);
  EXPECT_EQ(p.count, 5);
  EXPECT_EQ(p.maxLossPercent, 20);
  EXPECT_DOUBLE_EQ(p.timeoutSec, 2.5);
  const auto& w = std::get<WireCheck>(s.stages[0].checks[1].check);
  EXPECT_TRUE(w.shows.empty());
  EXPECT_EQ(w.never, (std::vector<std::string>{"esp", "ip/gre/ip/icmp"}));
  EXPECT_EQ(s.stages[0].checks[1].pos.line, 14);
  EXPECT_EQ(s.stages[0].checks[1].pos.col, 9);
  EXPECT_EQ(s.stages[0].checks[1].describe(), "wire nat-c:inside never esp,ip/gre/ip/icmp");
}

// ---- errors, one kind per test ------------------------------------------

TEST(ScenarioErrors, UnknownKeySuggestsNearest) {
  auto errs = errorsOf(
      "name: t\n"
      "segments:\n"
      "  wan: { subnet: 1.0.0.0/24, gateway: 1.0.0.1 }\n"
      "hosts:\n"
      "  A: { segment: wan, adress: 1.0.0.4 }\n"
      "  B: { segement: wan, address: 1.0.0.5 }\n"
      "  C: { segment: wan, address: 1.0.0.6, colour: red }\n"
      "stage: []\n");
  EXPECT_ERROR(errs, "hosts.A.adress", 5, 22, "unknown key 'adress'", "did you mean 'address'?");
  EXPECT_ERROR(errs, "hosts.B.segement", 6, 8, "unknown key 'segement'", "did you mean 'segment'?");
  EXPECT_ERROR(errs, "hosts.C.colour", 7, 40, "unknown key 'colour'",
               "expected one of: segment, address, iface, behind, public, release");
  EXPECT_ERROR(errs, "stage", 8, 1, "unknown key 'stage'", "did you mean 'stages'?");
  // A misspelt required key is not also reported as missing.
  EXPECT_EQ(errs.size(), 4u);
  EXPECT_EQ(errs[0].format(), "t.yaml:5:22: hosts.A.adress: unknown key 'adress' (did you mean 'address'?)");
}

TEST(ScenarioErrors, MissingRequiredKey) {
  auto errs = errorsOf(
      "name: t\n"
      "segments:\n"
      "  wan: { gateway: 1.0.0.1 }\n"
      "stages: [ { name: s, checks: [ { ping: { to: 1.0.0.1 } } ] } ]\n");
  EXPECT_ERROR(errs, "", 1, 1, "missing required key 'hosts'", "");
  EXPECT_ERROR(errs, "segments.wan", 3, 8, "missing required key 'subnet'", "");
  EXPECT_ERROR(errs, "stages[0].checks[0].ping", 4, 40, "missing required key 'from'", "");
  // Without hosts, references to hosts are not reported again.
  auto noHosts = errorsOf(withHead("").substr(0, std::string(kHead).find("hosts:")) + kStages);
  ASSERT_EQ(noHosts.size(), 1u);
  EXPECT_ERROR(noHosts, "", 1, 1, "missing required key 'hosts'", "");
}

TEST(ScenarioErrors, WrongType) {
  auto errs = errorsOf(
      "name: [t]\n"
      "segments:\n"
      "  wan: 1.0.0.0/24\n"
      "hosts: [A, B]\n"
      "stages: { name: s }\n");
  EXPECT_ERROR(errs, "name", 1, 7, "expected a scenario name, got a list", "");
  EXPECT_ERROR(errs, "segments.wan", 3, 8, "expected a map { subnet, gateway }, got '1.0.0.0/24'", "");
  EXPECT_ERROR(errs, "hosts", 4, 8, "got a list", "");
  EXPECT_ERROR(errs, "stages", 5, 9, "expected a list of stages, got a map", "");
  auto top = errorsOf("- a\n- b\n");
  EXPECT_ERROR(top, "", 1, 1, "expected a scenario (a map), got a list", "");
}

TEST(ScenarioErrors, BadIpv4AndPrefix) {
  auto errs = errorsOf(
      "name: t\n"
      "segments:\n"
      "  wan: { subnet: 1.0.0.0/33 }\n"
      "  lan: { subnet: 10.0.0.0 }\n"
      "  dmz: { subnet: 10.9.0.1/24 }\n"
      "hosts:\n"
      "  A: { segment: wan, address: 1.0.0.256 }\n" + std::string(kStages));
  EXPECT_ERROR(errs, "segments.wan.subnet", 3, 18, "'1.0.0.0/33' is not an IPv4 prefix",
               "expected a.b.c.d/n with n in 0..32");
  EXPECT_ERROR(errs, "segments.lan.subnet", 4, 18, "'10.0.0.0' has no prefix length", "expected a.b.c.d/n");
  EXPECT_ERROR(errs, "segments.dmz.subnet", 5, 18, "10.9.0.1/24 has host bits set", "did you mean '10.9.0.0/24'?");
  EXPECT_ERROR(errs, "hosts.A.address", 7, 31, "'1.0.0.256' is not an IPv4 address",
               "expected a.b.c.d or a.b.c.d/n");
}

TEST(ScenarioErrors, AddressOutsideItsSegment) {
  auto errs = errorsOf(withHead("  B: { segment: wan, address: 1.0.1.5 }\n"
                                "  D: { segment: wan, address: 1.0.0.255 }\n"
                                "  E: { segment: wan, address: 1.0.0.6/16 }\n") + kStages);
  EXPECT_ERROR(errs, "hosts.B.address", 10, 31, "1.0.1.5 is outside segment wan (1.0.0.0/24)", "");
  EXPECT_ERROR(errs, "hosts.D.address", 11, 31, "1.0.0.255 is the broadcast address of segment wan", "");
  EXPECT_ERROR(errs, "hosts.E.address", 12, 31, "prefix length /16 does not match segment wan (1.0.0.0/24)",
               "write 1.0.0.6 or 1.0.0.6/24");
}

TEST(ScenarioErrors, DuplicateAddressesAcrossThePool) {
  auto errs = errorsOf(withHead("  B: { segment: wan, address: 1.0.0.1 }\n"         // the gateway
                                "  D: { segment: wan, address: 1.0.0.254 }\n"       // nat-c's outside leg
                                "  E: { segment: lan-c, address: 10.1.0.2, behind: nat-c, public: 1.2.3.4 }\n") +
                       kStages);
  EXPECT_ERROR(errs, "hosts.B.address", 10, 31, "address 1.0.0.1 is already used by segments.wan.gateway (line 3)",
               "every address in the lab must be unique");
  EXPECT_ERROR(errs, "hosts.D.address", 11, 31, "already used by nats.nat-c.outside-address (line 6)",
               "every address in the lab must be unique");
  EXPECT_ERROR(errs, "hosts.E.public", 12, 66, "already used by hosts.C.public (line 9)",
               "every address in the lab must be unique");
}

TEST(ScenarioErrors, UnknownReferencesSuggestNearest) {
  auto errs = errorsOf(withHead("  B: { segment: lan-x, address: 1.0.0.5 }\n"
                                "  D: { segment: lan-c, address: 10.1.0.4, behind: nat-d }\n"
                                "  E: { segment: dmz, address: 1.0.0.6 }\n"
                                "tunnels:\n"
                                "  gre1: { type: gre, between: [A, Cx], inner: [10.0.0.1/30, 10.0.0.2/30] }\n") +
                       kStages);
  EXPECT_ERROR(errs, "hosts.B.segment", 10, 17, "unknown segment 'lan-x'", "did you mean 'lan-c'?");
  EXPECT_ERROR(errs, "hosts.D.behind", 11, 51, "unknown NAT 'nat-d'", "did you mean 'nat-c'?");
  EXPECT_ERROR(errs, "hosts.E.segment", 12, 17, "unknown segment 'dmz'", "known: wan, lan-c");
  EXPECT_ERROR(errs, "tunnels.gre1.between[1]", 14, 35, "unknown host 'Cx'", "did you mean 'C'?");
}

TEST(ScenarioErrors, NatWithoutInside) {
  auto missing = errorsOf(
      "name: t\n"
      "segments:\n"
      "  wan: { subnet: 1.0.0.0/24, gateway: 1.0.0.1 }\n"
      "nats:\n"
      "  nat-c: { inside-address: 10.1.0.254, outside: wan, outside-address: 1.0.0.254 }\n"
      "hosts:\n"
      "  A: { segment: wan, address: 1.0.0.4 }\n" + std::string(kStages));
  EXPECT_ERROR(missing, "nats.nat-c", 5, 10, "missing required key 'inside'", "");

  auto nobody = errorsOf(
      "name: t\n"
      "segments:\n"
      "  wan: { subnet: 1.0.0.0/24, gateway: 1.0.0.1 }\n"
      "  lan-c: { subnet: 10.1.0.0/24 }\n"
      "nats:\n"
      "  nat-c: { inside: lan-c, inside-address: 10.1.0.254, outside: wan, outside-address: 1.0.0.254 }\n"
      "hosts:\n"
      "  A: { segment: wan, address: 1.0.0.4 }\n" + std::string(kStages));
  EXPECT_ERROR(nobody, "nats.nat-c", 6, 3, "no host is behind NAT nat-c",
               "add behind: nat-c to a host on segment lan-c");
}

TEST(ScenarioErrors, PublicWithoutBehindAndBehindWrongSegment) {
  auto errs = errorsOf(withHead("  B: { segment: wan, address: 1.0.0.5, public: 1.2.3.5 }\n"
                                "  D: { segment: wan, address: 1.0.0.6, behind: nat-c }\n"
                                "  E: { segment: lan-c, address: 10.1.0.7, behind: nat-c, public: 1.0.0.77 }\n") +
                       kStages);
  EXPECT_ERROR(errs, "hosts.B.public", 10, 48, "a public address needs behind: <nat>",
               "public is the address the NAT maps to this host");
  EXPECT_ERROR(errs, "hosts.D.behind", 11, 48, "NAT nat-c's inside segment is lan-c, but D is on segment wan",
               "put D on segment lan-c");
  EXPECT_ERROR(errs, "hosts.E.public", 12, 66, "public address 1.0.0.77 lies in segment wan (1.0.0.0/24)",
               "use an address outside every segment; the router routes it to the NAT");
}

TEST(ScenarioErrors, NatOutsideWithoutGateway) {
  auto errs = errorsOf(
      "name: t\n"
      "segments:\n"
      "  wan: { subnet: 1.0.0.0/24 }\n"
      "  lan-c: { subnet: 10.1.0.0/24, gateway: 10.1.0.253 }\n"
      "nats:\n"
      "  nat-c: { inside: lan-c, inside-address: 10.1.0.254, outside: wan, outside-address: 1.0.0.254 }\n"
      "hosts:\n"
      "  C: { segment: lan-c, address: 10.1.0.1, behind: nat-c, public: 1.2.3.4 }\n" + std::string(kStages));
  EXPECT_ERROR(errs, "nats.nat-c.outside", 6, 64,
               "segment wan has no gateway, so nothing routes nat-c's public addresses",
               "add gateway: to segments.wan");
  // ... and an inside segment with a router leg would bypass the NAT.
  EXPECT_ERROR(errs, "nats.nat-c.inside", 6, 20, "segment lan-c has a gateway",
               "remove gateway from segments.lan-c; the NAT is that segment's gateway");
}

TEST(ScenarioErrors, OverlongAndInvalidInterfaceNames) {
  auto errs = errorsOf(
      "name: t\n"
      "segments:\n"
      "  wan-segment-long: { subnet: 1.0.0.0/24, gateway: 1.0.0.1 }\n"
      "  lan/c: { subnet: 10.1.0.0/24 }\n"
      "hosts:\n"
      "  A: { segment: wan-segment-long, address: 1.0.0.4, iface: ethernet-0123456 }\n"
      "  B: { segment: wan-segment-long, address: 1.0.0.5, iface: lo }\n"
      "tunnels:\n"
      "  gre-a-to-b-tunnel: { type: gre, between: [A, B], inner: [10.0.0.1/30, 10.0.0.2/30] }\n" +
      std::string(kStages));
  EXPECT_ERROR(errs, "segments.wan-segment-long", 3, 3,
               "'wan-segment-long' is too long (16 characters; interface names have at most 15)",
               "segment names are also the router's interface names");
  EXPECT_ERROR(errs, "segments.lan/c", 4, 3, "invalid interface name 'lan/c'",
               "segment names are also the router's interface names");
  EXPECT_ERROR(errs, "hosts.A.iface", 6, 60, "'ethernet-0123456' is too long (16 characters", "");
  EXPECT_ERROR(errs, "hosts.B.iface", 7, 60, "'lo' is reserved", "");
  EXPECT_ERROR(errs, "tunnels.gre-a-to-b-tunnel", 9, 3, "tunnel name: 'gre-a-to-b-tunnel' is too long",
               "the tunnel name is the device name on both hosts");
}

TEST(ScenarioErrors, InvalidAndReservedNodeNames) {
  auto errs = errorsOf(
      "name: t\n"
      "segments:\n"
      "  wan: { subnet: 1.0.0.0/24, gateway: 1.0.0.1 }\n"
      "hosts:\n"
      "  router: { segment: wan, address: 1.0.0.4 }\n"
      "  sw: { segment: wan, address: 1.0.0.5 }\n"
      "  \"A:1\": { segment: wan, address: 1.0.0.6 }\n"
      "  host-name-too-long: { segment: wan, address: 1.0.0.7 }\n" +
      std::string(kStages));
  EXPECT_ERROR(errs, "hosts.router", 5, 3, "'router' is reserved for the lab's router node", "");
  EXPECT_ERROR(errs, "hosts.sw", 6, 3, "'sw' is reserved for the lab's switch node", "");
  EXPECT_ERROR(errs, "hosts.A:1", 7, 3, "invalid name 'A:1'", "");
  EXPECT_ERROR(errs, "hosts.host-name-too-long", 8, 3, "too long (18 characters; node names have at most 15)", "");
}

TEST(ScenarioErrors, NodeNamesAreUniqueAcrossHostsAndNats) {
  auto errs = errorsOf(withHead("  nat-c: { segment: wan, address: 1.0.0.5 }\n") + kStages);
  EXPECT_ERROR(errs, "hosts.nat-c", 10, 3, "'nat-c' is already the name of a NAT", "node names must be unique");
}

TEST(ScenarioErrors, TunnelToItselfAndInnerSubnets) {
  auto errs = errorsOf(withHead("  B: { segment: wan, address: 1.0.0.5 }\n"
                                "tunnels:\n"
                                "  gre1: { type: gre, between: [A, A], inner: [10.0.0.1/30, 10.0.0.2/30] }\n"
                                "  gre2: { type: gre, between: [A, B], inner: [10.0.0.5/30, 10.0.0.9/30] }\n"
                                "  gre3: { type: gre, between: [A, B], inner: [10.0.0.12/30, 10.0.0.13/30] }\n"
                                "  gre4: { type: gre, between: [A, B], inner: [1.0.0.100/24, 1.0.0.101/24] }\n"
                                "  gre5: { type: gree, between: [A, B], inner: [10.0.1.1/30, 10.0.1.2/30] }\n") +
                       kStages);
  EXPECT_ERROR(errs, "tunnels.gre1.between[1]", 12, 35, "a tunnel needs two different hosts, got A twice", "");
  EXPECT_ERROR(errs, "tunnels.gre2.inner", 13, 46, "inner addresses 10.0.0.5/30 and 10.0.0.9/30 are not in one subnet",
               "");
  EXPECT_ERROR(errs, "tunnels.gre3.inner[0]", 14, 47, "10.0.0.12 is the network address of 10.0.0.12/30", "");
  EXPECT_ERROR(errs, "tunnels.gre4.inner", 15, 46, "inner subnet 1.0.0.0/24 overlaps segment wan (1.0.0.0/24)", "");
  EXPECT_ERROR(errs, "tunnels.gre5.type", 16, 17, "unknown tunnel type 'gree'", "did you mean 'gre'?");
}

TEST(ScenarioErrors, TunnelToNattedHostWithoutPublic) {
  auto errs = errorsOf(withHead("  D: { segment: lan-c, address: 10.1.0.2, behind: nat-c }\n"
                                "tunnels:\n"
                                "  gre1: { type: gre, between: [A, D], inner: [10.0.0.1/30, 10.0.0.2/30] }\n") +
                       kStages);
  EXPECT_ERROR(errs, "tunnels.gre1.between", 12, 31, "D is behind NAT nat-c without a public address",
               "give D a public: address, or set remote:");
}

TEST(ScenarioErrors, PingFromUnknownHost) {
  auto errs = errorsOf(withHead("stages:\n"
                                "  - name: s\n"
                                "    checks:\n"
                                "      - ping: { from: a, to: 1.2.3.4 }\n"
                                "      - ping: { from: nat-c, to: 1.2.3.4 }\n"
                                "      - ping: { from: A, to: 1.2.3, count: 0 }\n"));
  EXPECT_ERROR(errs, "stages[0].checks[0].ping.from", 13, 23, "unknown host 'a'", "did you mean 'A'?");
  EXPECT_ERROR(errs, "stages[0].checks[1].ping.from", 14, 23, "unknown host 'nat-c'", "known: A, C");
  EXPECT_ERROR(errs, "stages[0].checks[2].ping.to", 15, 30, "'1.2.3' is not an IPv4 address", "expected a.b.c.d");
  EXPECT_ERROR(errs, "stages[0].checks[2].ping.count", 15, 44, "expected an integer in 1..1000, got '0'", "");
}

TEST(ScenarioErrors, WireLinkMustNameAKnownNodeAndInterface) {
  auto errs = errorsOf(withHead("stages:\n"
                                "  - name: s\n"
                                "    checks:\n"
                                "      - wire: { link: A-eth0, shows: esp }\n"
                                "      - wire: { link: \"nat-x:outside\", shows: esp }\n"
                                "      - wire: { link: \"Z:eth0\", shows: esp }\n"
                                "      - wire: { link: \"A:eth1\", shows: esp }\n"
                                "      - wire: { link: \"nat-c:wan\", shows: esp }\n"
                                "      - wire: { link: \"router:lan-c\", shows: esp }\n"));
  EXPECT_ERROR(errs, "stages[0].checks[0].wire.link", 13, 23, "expected <node>:<interface>, got 'A-eth0'",
               "e.g. A:eth0 or nat-c:outside");
  EXPECT_ERROR(errs, "stages[0].checks[1].wire.link", 14, 23, "unknown node 'nat-x'", "did you mean 'nat-c'?");
  EXPECT_ERROR(errs, "stages[0].checks[2].wire.link", 15, 23, "unknown node 'Z'", "known nodes: A, C, nat-c, router");
  EXPECT_ERROR(errs, "stages[0].checks[3].wire.link", 16, 23, "host A has no interface 'eth1'",
               "did you mean 'eth0'?");
  EXPECT_ERROR(errs, "stages[0].checks[4].wire.link", 17, 23, "nat nat-c has no interface 'wan'",
               "nat-c's interfaces: inside, outside");
  EXPECT_ERROR(errs, "stages[0].checks[5].wire.link", 18, 23, "router router has no interface 'lan-c'",
               "router's interfaces: wan");
}

TEST(ScenarioErrors, TunnelDevicesAreInterfacesOfTheirHosts) {
  ScenarioSpec s = parseScenario(withHead("tunnels:\n"
                                          "  gre1: { type: gre, between: [A, C], inner: [10.0.0.1/30, 10.0.0.2/30] }\n"
                                          "stages:\n"
                                          "  - name: s\n"
                                          "    checks:\n"
                                          "      - wire: { link: C:gre1, shows: ip/icmp }\n"),
                                 "t.yaml");
  EXPECT_EQ(std::get<WireCheck>(s.stages[0].checks[0].check).iface, "gre1");
}

TEST(ScenarioErrors, BadStackPattern) {
  auto errs = errorsOf(withHead("stages:\n"
                                "  - name: s\n"
                                "    checks:\n"
                                "      - wire: { link: \"A:eth0\", shows: espp }\n"
                                "      - wire: { link: \"A:eth0\", shows: esp, never: [gre, ip/bogus] }\n"
                                "      - wire: { link: \"A:eth0\", never: esp, from: 1.2.3.4 }\n"
                                "      - wire: { link: \"A:eth0\" }\n"));
  auto e = errorAt(errs, "stages[0].checks[0].wire.shows");
  EXPECT_EQ(e.line, 13);
  EXPECT_EQ(e.col, 40);
  EXPECT_NE(e.message.find("invalid header-stack pattern 'espp': "), std::string::npos) << e.format();
  EXPECT_NE(e.message.find("espp"), e.message.rfind("espp")) << "carries StackPattern::parse's message: " << e.format();
  e = errorAt(errs, "stages[0].checks[1].wire.never[1]");
  EXPECT_EQ(e.line, 14);
  EXPECT_EQ(e.col, 58);
  EXPECT_NE(e.message.find("'ip/bogus'"), std::string::npos);
  // from/to filter never: too ("never ip from 10.1.0.1"): not an error.
  for (const auto& x : errs) EXPECT_NE(x.yamlPath, "stages[0].checks[2].wire.from") << x.format();
  EXPECT_ERROR(errs, "stages[0].checks[3].wire", 16, 15, "a wire check needs shows: or never:", "");
}

TEST(ScenarioErrors, StagesAndChecksMustBeThere) {
  auto none = errorsOf(withHead("stages: []\n"));
  EXPECT_ERROR(none, "stages", 10, 9, "no stages defined", "a scenario needs at least one stage with checks");
  auto missing = errorsOf(withHead(""));
  EXPECT_ERROR(missing, "", 1, 1, "missing required key 'stages'", "");
  auto empty = errorsOf(withHead("stages:\n"
                                 "  - name: s\n"
                                 "    checks: []\n"
                                 "  - name: s\n"
                                 "    checks:\n"
                                 "      - pnig: { from: A, to: 1.2.3.4 }\n"
                                 "      - { ping: { from: A, to: 1.2.3.4 }, wire: { link: \"A:eth0\", shows: esp } }\n"));
  EXPECT_ERROR(empty, "stages[0].checks", 12, 13, "stage has no checks", "add ping:, wire:, tunnel: or ike: checks");
  EXPECT_ERROR(empty, "stages[1].name", 13, 11, "duplicate stage name 's'", "");
  EXPECT_ERROR(empty, "stages[1].checks[0].pnig", 15, 9, "unknown key 'pnig'", "did you mean 'ping'?");
  EXPECT_ERROR(empty, "stages[1].checks[1]", 16, 9, "a check has exactly one of ping:, wire:, tunnel: or ike:",
               "write each check as its own list item");
}

TEST(ScenarioErrors, YamlSyntaxError) {
  auto errs = errorsOf("name: t\nsegments:\n  wan: { subnet: 1.0.0.0/24\nhosts: {}\n");
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_GT(errs[0].line, 0);
  EXPECT_GT(errs[0].col, 0);
  EXPECT_NE(errs[0].message.find("YAML syntax error: "), std::string::npos);
  auto tab = errorsOf("name: t\nhosts:\n  A: [1\n\tx: y\n");
  ASSERT_EQ(tab.size(), 1u);
  EXPECT_NE(tab[0].message.find("YAML syntax error"), std::string::npos);
  // The position is yaml-cpp's mark, made 1-based.
  auto bad = errorsOf("name: t\nhosts:\n  A: { x: 1 ]\n");
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].format(), "t.yaml:3:13: YAML syntax error: illegal flow end");
}

TEST(ScenarioErrors, DuplicateKeys) {
  auto errs = errorsOf(withHead("  A: { segment: wan, address: 1.0.0.9 }\n") + kStages);
  EXPECT_ERROR(errs, "hosts.A", 10, 3, "duplicate key 'A'", "");
}

TEST(ScenarioErrors, EmptyFile) {
  for (const char* text : {"", "\n\n", "# only a comment\n"}) {
    auto errs = errorsOf(text);
    ASSERT_EQ(errs.size(), 1u);
    EXPECT_EQ(errs[0].format(), "t.yaml:1:1: the file is empty (expected a map with name, segments, hosts and stages)");
  }
}

TEST(ScenarioErrors, UnreadableFile) {
  try {
    loadScenario("/nonexistent/dir/x.yaml");
    FAIL() << "no error";
  } catch (const ScenarioParseError& e) {
    ASSERT_EQ(e.errors.size(), 1u);
    EXPECT_EQ(e.errors[0].file, "/nonexistent/dir/x.yaml");
    EXPECT_EQ(e.errors[0].line, 0);
    EXPECT_EQ(e.errors[0].format(), "/nonexistent/dir/x.yaml: cannot read the file: No such file or directory");
  }
}

TEST(ScenarioErrors, LabNameTooLongOrInvalid) {
  auto longName = errorsOf("name: a-scenario-name-too-long\n" + valid().substr(8));
  EXPECT_ERROR(longName, "name", 1, 7, "'a-scenario-name-too-long' is too long (24 characters; lab names have at most 20)", "");
  auto upper = errorsOf("name: Nat_C\n" + valid().substr(8));
  EXPECT_ERROR(upper, "name", 1, 7, "invalid name 'Nat_C'", "");
  auto opt = errorsOf(valid(), {"Bad Lab"});
  ASSERT_EQ(opt.size(), 1u);
  EXPECT_EQ(opt[0].line, 0);
  EXPECT_NE(opt[0].message.find("lab name: invalid name 'Bad Lab'"), std::string::npos);
  EXPECT_EQ(opt[0].hint, "the lab name comes from --lab");
  EXPECT_EQ(parseScenario(valid(), "t.yaml", {"ok-lab"}).topology.lab, "ok-lab");
}

TEST(ScenarioErrors, CollectsEverythingInFileOrder) {
  auto errs = errorsOf(
      "name: t\n"
      "segments:\n"
      "  wan: { subnet: 1.0.0.0/24, gateway: 1.0.0.1 }\n"
      "stages:\n"
      "  - name: s\n"
      "    checks:\n"
      "      - ping: { from: B, to: 1.0.0.5 }\n"
      "hosts:\n"
      "  A: { segment: wn, address: 1.0.0.4 }\n"
      "  B: { segment: wan, address: 1.0.0.1 }\n");
  ASSERT_EQ(errs.size(), 2u);
  EXPECT_EQ(errs[0].format(), "t.yaml:9:17: hosts.A.segment: unknown segment 'wn' (did you mean 'wan'?)");
  EXPECT_EQ(errs[1].format(),
            "t.yaml:10:31: hosts.B.address: address 1.0.0.1 is already used by segments.wan.gateway (line 3) "
            "(every address in the lab must be unique)");
  try {
    parseScenario("name: t\nsegments:\n  wan: { subnet: 1.0.0.0/24, gateway: 1.0.0.1 }\nhosts:\n"
                  "  A: { segment: wn, address: 1.0.0.4 }\n  B: { segment: wan, address: 1.0.0.1 }\n" +
                      std::string(kStages),
                  "t.yaml");
  } catch (const ScenarioParseError& e) {
    EXPECT_EQ(std::string(e.what()),
              "t.yaml:5:17: hosts.A.segment: unknown segment 'wn' (did you mean 'wan'?)\n"
              "t.yaml:6:31: hosts.B.address: address 1.0.0.1 is already used by segments.wan.gateway (line 3) "
              "(every address in the lab must be unique)");
  }
}

TEST(ScenarioSuggest, EditDistanceAndNearest) {
  using harness::scenario::editDistance;
  using harness::scenario::nearest;
  EXPECT_EQ(editDistance("adress", "address"), 1);
  EXPECT_EQ(editDistance("segement", "segment"), 1);
  EXPECT_EQ(editDistance("pign", "ping"), 1);  // adjacent swap
  EXPECT_EQ(editDistance("Address", "address"), 0);
  EXPECT_EQ(nearest("stage", {"name", "segments", "stages"}), "stages");
  EXPECT_EQ(nearest("colour", {"segment", "address"}), std::nullopt);
}

// The article's point is what is inside the ESP: every shipped scenario that
// shows ESP on a wire says what it carries (esp[...]).
TEST(ScenarioParser, EveryShippedWireCheckOfEspStatesTheInnerStack) {
  int espShows = 0;
  for (const auto& f : std::filesystem::directory_iterator(LABRUN_SOURCE_DIR "/scenarios")) {
    if (f.path().extension() != ".yaml") continue;
    SCOPED_TRACE(f.path().string());
    const ScenarioSpec s = loadScenario(f.path());
    for (const auto& stage : s.stages)
      for (const auto& c : stage.checks)
        if (const auto* w = std::get_if<WireCheck>(&c.check))
          for (const auto& shown : w->shows)
            if (shown.find("esp") != std::string::npos) {
              ++espShows;
              EXPECT_NE(shown.find("esp["), std::string::npos) << stage.name << ": " << c.describe();
            }
  }
  EXPECT_GT(espShows, 5);
}

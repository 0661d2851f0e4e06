// The lab on this (host) kernel, as root: namespaces, bridges, veth legs,
// router, 1:1 NAT; GRE must fail with a clear environment error here; and
// `clean` finds a crashed lab's leftovers by name. Lab name: t2x.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "lab/core/clean.h"
#include "lab/core/lab.h"
#include "lab/link/source_address.h"
#include "lab/netns/netns.h"
#include "lab/sys/error.h"
#include "lab/sys/process.h"

namespace {

using lab::Ip4;
using lab::Prefix;
using namespace std::chrono_literals;

const std::string kLab = "t2x";

Ip4 ip(const char* s) { return *Ip4::parse(s); }

// A (1.0.0.4) on "wan"; C (10.1.0.1, public 1.2.3.4) behind nat-c, whose
// outside leg is on "cloud"; the router joins wan and cloud.
lab::TopologySpec natTopology() {
  lab::TopologySpec t;
  t.lab = kLab;
  t.segments = {{"wan", *Prefix::parse("1.0.0.0/24"), ip("1.0.0.1")},
                {"cloud", *Prefix::parse("100.64.0.0/24"), ip("100.64.0.1")},
                {"c-lan", *Prefix::parse("10.1.0.0/24"), std::nullopt}};
  t.nats = {{"nat-c", "c-lan", ip("10.1.0.254"), "cloud", ip("100.64.0.2")}};
  t.hosts = {{"A", "wan", "eth0", *Prefix::parse("1.0.0.4/24"), std::nullopt, ""},
             {"C", "c-lan", "eth0", *Prefix::parse("10.1.0.1/24"), ip("1.2.3.4"), "nat-c"}};
  return t;
}

std::vector<std::string> labNamespaces() { return lab::core::leftoverNamespaces(kLab); }

bool isRoot() { return ::geteuid() == 0; }

lab::sys::RunResult pingFrom(const lab::netns::NetNs& ns, const std::string& dst) {
  lab::sys::RunOptions o;
  o.ns = &ns;
  o.timeout = 5s;
  o.package = "iputils-ping";
  lab::sys::RunResult r;
  for (int i = 0; i < 3; ++i) {  // the first try also resolves ARP on three hops
    r = lab::sys::run({"ping", "-c1", "-W1", dst}, o);
    if (r.ok()) break;
  }
  return r;
}

// Gone, or a zombie nobody reaped yet (PID 1 of a container may not reap).
bool processGone(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  if (!stat) return true;
  std::string line;
  std::getline(stat, line);
  auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z';
}

class LabHost : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!isRoot()) GTEST_SKIP() << "network namespaces on the host kernel need root";
    lab::core::cleanLeftovers(kLab);  // a previous crashed run of this test
  }
  void TearDown() override {
    if (isRoot()) lab::core::cleanLeftovers(kLab);
  }
  std::vector<std::string> logLines_;
  lab::core::LabOptions options() {
    return {std::filesystem::temp_directory_path() / "lr-t2x-run",
            [this](const std::string& l) { logLines_.push_back(l); }};
  }
};

}  // namespace

TEST_F(LabHost, BuildsRouterAndOneToOneNatAndTearsDown) {
  {
    lab::core::Lab lab(natTopology(), options());
    ASSERT_NO_THROW(lab.build());
    EXPECT_EQ(lab.nodeNames(), (std::vector<std::string>{"sw", "router", "nat-c", "A", "C"}));
    for (const auto& n : lab.nodeNames()) EXPECT_TRUE(lab::netns::NetNs::exists("lr-t2x-" + n)) << n;
    EXPECT_EQ(labNamespaces().size(), 5u);
    const auto links = lab.links();
    for (const auto& want : std::vector<std::pair<std::string, std::string>>{
             {"router", "wan"}, {"router", "cloud"}, {"nat-c", "inside"}, {"nat-c", "outside"},
             {"A", "eth0"}, {"C", "eth0"}})
      EXPECT_NE(std::find(links.begin(), links.end(), want), links.end()) << want.first << "." << want.second;
    EXPECT_TRUE(lab.natBackend() == "iptables-nft" || lab.natBackend() == "iptables-legacy")
        << lab.natBackend();

    auto toC = pingFrom(lab.node("A"), "1.2.3.4");  // router → NAT → DNAT → C
    EXPECT_TRUE(toC.ok()) << toC.out;
    EXPECT_NE(toC.out.find("from 1.2.3.4"), std::string::npos) << toC.out;
    auto toA = pingFrom(lab.node("C"), "1.0.0.4");  // SNAT out, de-NAT back
    EXPECT_TRUE(toA.ok()) << toA.out;
    // C has only its private address: the public one lives on the NAT.
    lab::sys::RunOptions o;
    o.ns = &lab.node("C");
    auto addrs = lab::sys::run({"ip", "-4", "-o", "addr", "show"}, o);
    EXPECT_NE(addrs.out.find("10.1.0.1/24"), std::string::npos) << addrs.out;
    EXPECT_EQ(addrs.out.find("1.2.3.4"), std::string::npos) << addrs.out;
    // What %defaultroute resolves to: the NIC's private address, as `ip route get` says.
    EXPECT_EQ(lab::link::sourceAddressTowards(lab.node("C"), "1.0.0.4"), "10.1.0.1");
    EXPECT_EQ(lab::link::sourceAddressTowards(lab.node("A"), "1.2.3.4"), "1.0.0.4");
    EXPECT_EQ(lab::link::sourceAddressTowards(lab.node("sw"), "1.0.0.4"), std::nullopt) << "no route there";

    lab.teardown();
    EXPECT_TRUE(labNamespaces().empty());
  }
  EXPECT_TRUE(labNamespaces().empty());
  EXPECT_FALSE(logLines_.empty());
}

TEST_F(LabHost, GreOnAKernelWithoutGreIsAnEnvironmentError) {
  auto t = natTopology();
  t.hosts.push_back({"B", "wan", "eth0", *Prefix::parse("1.0.0.5/24"), std::nullopt, ""});
  t.tunnels.push_back({"gre1",
                       "gre",
                       {{"A", ip("1.0.0.4"), ip("1.0.0.5"), *Prefix::parse("10.0.0.1/30")},
                        {"B", ip("1.0.0.5"), ip("1.0.0.4"), *Prefix::parse("10.0.0.2/30")}},
                       {}});
  lab::core::Lab lab(t, options());
  try {
    lab.build();
  } catch (const lab::sys::EnvironmentError& e) {
    EXPECT_NE(std::string(e.what()).find("GRE"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--kernel uml"), std::string::npos) << e.what();
    EXPECT_TRUE(labNamespaces().empty()) << "a failed build tears itself down";
    return;
  }
  // Only reached on a kernel with ip_gre: the tunnel must then really exist.
  lab::sys::RunOptions o;
  o.ns = &lab.node("A");
  auto shown = lab::sys::run({"ip", "-d", "link", "show", "gre1"}, o);
  lab.teardown();
  EXPECT_NE(shown.out.find("gre remote 1.0.0.5 local 1.0.0.4"), std::string::npos) << shown.out;
  GTEST_SKIP() << "this kernel has GRE (ip_gre): the environment error cannot occur here";
}

TEST_F(LabHost, CleanRemovesACrashedLabsNamespacesAndProcesses) {
  // A "crashed" lab: namespaces made by hand, a process left inside one.
  for (const char* n : {"lr-t2x-A", "lr-t2x-sw"}) lab::netns::NetNs::create(n);
  auto a = lab::netns::NetNs::open("lr-t2x-A");
  lab::sys::RunOptions o;
  o.ns = &a;
  auto started = lab::sys::run({"sh", "-c", "sleep 1000 >/dev/null 2>&1 & echo $!"}, o);
  ASSERT_TRUE(started.ok()) << started.out;
  const pid_t sleeper = std::stoi(started.out);
  ASSERT_FALSE(processGone(sleeper));
  a = lab::netns::NetNs::current();  // drop our own handle on the namespace

  auto report = lab::core::cleanLeftovers(kLab);
  EXPECT_EQ(report.namespaces, (std::vector<std::string>{"lr-t2x-A", "lr-t2x-sw"}));
  EXPECT_NE(std::find(report.killedPids.begin(), report.killedPids.end(), sleeper), report.killedPids.end());
  EXPECT_TRUE(report.errors.empty());
  EXPECT_TRUE(processGone(sleeper));
  EXPECT_TRUE(labNamespaces().empty());

  auto again = lab::core::cleanLeftovers(kLab);  // idempotent
  EXPECT_TRUE(again.empty());
}

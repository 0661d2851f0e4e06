// Real plutos on this (host) kernel, as root, in a lab named t5x:
// A (1.0.0.4) and B (1.0.0.5) on one segment, C (10.1.0.1) behind a 1:1 NAT
// as 1.2.3.4. IKE must complete within seconds (IKEv2 and IKEv1, PSK); the
// child SA must be installed if the kernel has ESP, and otherwise be refused
// by the kernel — an environment limit, not a tunnel failure. The article's
// NAT case (IKEv1, RSA keys from newhostkey) is replayed stage by stage.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <thread>

#include "lab/core/clean.h"
#include "lab/core/lab.h"
#include "lab/ike/libreswan/libreswan.h"
#include "lab/ike/libreswan/libreswan_daemon.h"
#include "lab/kernel/host/host_probe.h"
#include "lab/netns/netns.h"
#include "lab/sys/error.h"

namespace {

using lab::Ip4;
using lab::Prefix;
using lab::ike::Auth;
using lab::ike::ConnSpec;
using lab::ike::Credentials;
using lab::ike::Mode;
using lab::ike::libreswan::LibreswanDaemon;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

const std::string kLab = "t5x";

Ip4 ip(const char* s) { return *Ip4::parse(s); }

lab::TopologySpec topology() {
  lab::TopologySpec t;
  t.lab = kLab;
  t.segments = {{"wan", *Prefix::parse("1.0.0.0/24"), ip("1.0.0.1")},
                {"cloud", *Prefix::parse("100.64.0.0/24"), ip("100.64.0.1")},
                {"c-lan", *Prefix::parse("10.1.0.0/24"), std::nullopt}};
  t.nats = {{"nat-c", "c-lan", ip("10.1.0.254"), "cloud", ip("100.64.0.2")}};
  t.hosts = {{"A", "wan", "eth0", *Prefix::parse("1.0.0.4/24"), std::nullopt, ""},
             {"B", "wan", "eth0", *Prefix::parse("1.0.0.5/24"), std::nullopt, ""},
             {"C", "c-lan", "eth0", *Prefix::parse("10.1.0.1/24"), ip("1.2.3.4"), "nat-c"}};
  return t;
}

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// Polls every 20 ms; returns the time it took, or nullopt on timeout.
std::optional<Clock::duration> waitFor(const std::function<bool()>& done, Clock::duration timeout) {
  auto begin = Clock::now();
  while (Clock::now() - begin < timeout) {
    if (done()) return Clock::now() - begin;
    std::this_thread::sleep_for(20ms);
  }
  return std::nullopt;
}

// A log matcher: the first new line containing `needle`.
struct LogWatch {
  LibreswanDaemon* daemon;
  std::size_t offset = 0;
  std::vector<std::string> seen;
  std::string find(const std::string& needle) {
    for (auto& l : daemon->newLogLines(offset)) seen.push_back(std::move(l));
    for (const auto& l : seen)
      if (l.find(needle) != std::string::npos) return l;
    return {};
  }
  void skip() {
    daemon->newLogLines(offset);
    seen.clear();
  }
};

class LibreswanHost : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "network namespaces and pluto on the host kernel need root";
    if (lab::ike::libreswan::libreswanVersion().empty()) GTEST_SKIP() << "libreswan not installed";
    lab::core::cleanLeftovers(kLab);
    base_ = "/tmp/t5x/it" + std::to_string(::getpid());
    std::filesystem::remove_all(base_);
    lab_ = std::make_unique<lab::core::Lab>(topology(), lab::core::LabOptions{base_ / "lab", {}});
    lab_->build();
    hasEsp_ = lab::kernel::host::probe({.esp = true}).ok();
  }
  void TearDown() override {
    daemons_.clear();  // plutos first, then the namespaces
    if (lab_) lab_->teardown();
    lab_.reset();
    if (!base_.empty() && !std::getenv("LABRUN_KEEP_T5X")) std::filesystem::remove_all(base_);
    if (::geteuid() == 0) {
      EXPECT_TRUE(lab::core::leftoverNamespaces(kLab).empty());
    }
  }

  LibreswanDaemon& daemon(const std::string& host) {
    auto& d = daemons_[host];
    if (!d) d = std::make_unique<LibreswanDaemon>(lab_->node(host),
                                                  lab::ike::DaemonDirs{base_ / "s" / host, base_ / "c" / host});
    return *d;
  }
  Clock::duration startTimed(const std::string& host) {
    auto begin = Clock::now();
    daemon(host).start();
    return Clock::now() - begin;
  }

  // A↔B with a PSK: IKE up on both within seconds (~0.1 s on the host
  // kernel; a fresh UML guest autoloads the crypto modules on the first SA
  // and takes ~5 s once); child per the kernel.
  void pskBetweenAandB(int ikeVersion) {
    ConnSpec a{"gre1", Mode::GreOverIpsec, ikeVersion, Auth::Psk, "1.0.0.4", "1.0.0.5", "", "", true};
    ConnSpec b{"gre1", Mode::GreOverIpsec, ikeVersion, Auth::Psk, "1.0.0.5", "1.0.0.4", "", "", false};
    Credentials creds;
    creds.psk = "labrun-integration-test-psk-0123456789abcdef";
    daemon("A").configure({{a, creds}});
    daemon("B").configure({{b, creds}});
    auto startA = startTimed("A");
    auto startB = startTimed("B");
    std::cout << "[ measure ] start() → ready: A " << ms(startA) << " ms, B " << ms(startB) << " ms\n";

    daemon("B").up("gre1");
    auto begin = Clock::now();
    daemon("A").up("gre1");
    auto ikeUp = waitFor([&] { return daemon("A").status("gre1").ikeUp && daemon("B").status("gre1").ikeUp; }, 15s);
    ASSERT_TRUE(ikeUp) << "A: " << daemon("A").status("gre1").detail << "\nB: " << daemon("B").status("gre1").detail;
    std::cout << "[ measure ] IKEv" << ikeVersion << " up() → ikeUp on both: " << ms(Clock::now() - begin)
              << " ms\n";

    if (hasEsp_) {
      EXPECT_TRUE(waitFor([&] { return daemon("A").status("gre1").childUp && daemon("B").status("gre1").childUp; }, 5s))
          << daemon("A").status("gre1").detail;
      return;
    }
    // No ESP here: the responder's kernel refuses the SA, and the child never comes up.
    auto refused = waitFor([&] {
      return daemon("B").status("gre1").detail.find("kernel refused the IPsec SA") != std::string::npos;
    }, 5s);
    EXPECT_TRUE(refused) << daemon("B").status("gre1").detail;
    SaStatus a2 = daemon("A").status("gre1"), b2 = daemon("B").status("gre1");
    EXPECT_FALSE(a2.childUp) << a2.detail;
    EXPECT_FALSE(b2.childUp) << b2.detail;
    std::cout << "[ observed ] A: " << a2.detail << "\n[ observed ] B: " << b2.detail << '\n';
  }

  std::filesystem::path base_;
  std::unique_ptr<lab::core::Lab> lab_;
  std::map<std::string, std::unique_ptr<LibreswanDaemon>> daemons_;
  bool hasEsp_ = false;
  using SaStatus = lab::ike::SaStatus;
};

}  // namespace

TEST_F(LibreswanHost, Ikev2PskReachesIkeEstablished) { pskBetweenAandB(2); }

TEST_F(LibreswanHost, Ikev1PskReachesIkeEstablished) { pskBetweenAandB(1); }

TEST_F(LibreswanHost, PlutoStopsAndItsSocketIsGone) {
  auto& a = daemon("A");
  a.start();
  EXPECT_TRUE(a.alive());
  EXPECT_EQ(a.version(), lab::ike::libreswan::libreswanVersion());
  a.stop();
  a.stop();  // idempotent
  EXPECT_FALSE(a.alive());
  a.start();  // restarts on the same rundir
  EXPECT_TRUE(a.alive());
}

// The article's server C behind a 1:1 NAT, GRE over IPsec to A, IKEv1, RSA.
TEST_F(LibreswanHost, ArticleNatCaseStageByStage) {
  auto& a = daemon("A");
  auto& c = daemon("C");
  auto keyBegin = Clock::now();
  Credentials credsA, credsC;
  credsA.self = credsC.peer = a.hostKey();
  credsC.self = credsA.peer = c.hostKey();
  std::cout << "[ measure ] two newhostkey runs: " << ms(Clock::now() - keyBegin) << " ms\n";
  ASSERT_EQ(credsA.self.rfc3110.substr(0, 4), "0sAw");
  ASSERT_NE(credsA.self.pem.find("BEGIN PUBLIC KEY"), std::string::npos);

  ConnSpec connA{"gre1", Mode::GreOverIpsec, 1, Auth::Rsa, "1.0.0.4", "1.2.3.4", "", "", true};
  ConnSpec connC{"gre1", Mode::GreOverIpsec, 1, Auth::Rsa, "1.2.3.4", "1.0.0.4", "", "", true};
  a.configure({{connA, credsA}});
  c.configure({{connC, credsC}});
  a.start();
  c.start();
  LogWatch logA{&a}, logC{&c};

  // 1. left=1.2.3.4 on C: not on any of C's interfaces.
  a.up("gre1");
  c.up("gre1");
  EXPECT_NE(c.lastInitiateOutput().find("we cannot identify ourselves with either end of this connection"),
            std::string::npos)
      << c.lastInitiateOutput();
  EXPECT_TRUE(waitFor([&] { return !logC.find("we cannot identify ourselves").empty(); }, 2s));
  std::cout << "[ observed ] C whack --initiate: " << c.lastInitiateOutput();
  std::cout << "[ observed ] C log: " << logC.find("we cannot identify ourselves") << '\n';
  a.down("gre1");
  c.down("gre1");

  // 2. left=%defaultroute, no leftid: C declares 10.1.0.1, A expects 1.2.3.4.
  connC.left = "%defaultroute";
  connC.initiator = false;
  c.configure({{connC, credsC}});
  logA.skip();
  logC.skip();
  c.up("gre1");
  a.up("gre1");
  auto invalid = waitFor([&] { return !logA.find("INVALID_ID_INFORMATION").empty(); }, 5s);
  ASSERT_TRUE(invalid) << "A: " << a.status("gre1").detail;
  EXPECT_FALSE(a.status("gre1").ikeUp) << a.status("gre1").detail;
  std::cout << "[ observed ] A log: " << logA.find("Peer ID") << "\n[ observed ] A log: "
            << logA.find("mismatched") << "\n[ observed ] A log: " << logA.find("INVALID_ID_INFORMATION")
            << "\n[ observed ] A log: " << logA.find("NAT") << "\n[ observed ] A: " << a.status("gre1").detail
            << "\n[ observed ] C: " << c.status("gre1").detail << '\n';
  a.down("gre1");
  c.down("gre1");

  // 3. The fix: leftid=1.2.3.4 on C.
  connC.leftid = "1.2.3.4";
  c.configure({{connC, credsC}});
  c.up("gre1");
  auto begin = Clock::now();
  a.up("gre1");
  auto up = waitFor([&] { return a.status("gre1").ikeUp && c.status("gre1").ikeUp; }, 5s);
  ASSERT_TRUE(up) << "A: " << a.status("gre1").detail << "\nC: " << c.status("gre1").detail;
  std::cout << "[ measure ] IKEv1 RSA through the NAT, up() → ikeUp on both: " << ms(Clock::now() - begin)
            << " ms\n";
  if (hasEsp_) {
    EXPECT_TRUE(waitFor([&] { return a.status("gre1").childUp && c.status("gre1").childUp; }, 5s)) << a.status("gre1").detail;
  } else {
    EXPECT_FALSE(a.status("gre1").childUp);
    std::cout << "[ observed ] A: " << a.status("gre1").detail << "\n[ observed ] C: " << c.status("gre1").detail << '\n';
  }
}

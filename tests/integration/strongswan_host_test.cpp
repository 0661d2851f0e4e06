// Two charon-systemd instances on this (host) kernel, as root: A (1.0.0.4)
// and B (1.0.0.5) joined by one segment, PSK, GRE over IPsec, IKEv2 then
// IKEv1. IKE must come up within seconds; the CHILD_SA must be installed when
// the kernel has ESP, and otherwise fail only for that reason ("unable to add
// SAD entry"). Lab name: t6x (namespaces lr-t6x-*).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "lab/core/clean.h"
#include "lab/core/lab.h"
#include "lab/ike/strongswan/strongswan.h"
#include "lab/ike/strongswan/strongswan_daemon.h"
#include "lab/netns/netns.h"
#include "lab/sys/process.h"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

const std::string kLab = "t6x";

lab::TopologySpec twoHosts() {
  lab::TopologySpec t;
  t.lab = kLab;
  t.segments = {{"wan", *lab::Prefix::parse("1.0.0.0/24"), std::nullopt}};
  t.hosts = {{"a", "wan", "eth0", *lab::Prefix::parse("1.0.0.4/24"), std::nullopt, ""},
             {"b", "wan", "eth0", *lab::Prefix::parse("1.0.0.5/24"), std::nullopt, ""}};
  return t;
}

// Whether this kernel takes an ESP state (esp4 + xfrm_user), probed in `ns`.
bool kernelHasEsp(const lab::netns::NetNs& ns) {
  lab::sys::RunOptions o;
  o.ns = &ns;
  o.timeout = 5s;
  auto r = lab::sys::run({"ip", "xfrm", "state", "add", "src", "1.0.0.4", "dst", "1.0.0.5", "proto",
                          "esp", "spi", "0x00001000", "mode", "transport", "enc", "cbc(aes)",
                          "0x00112233445566778899aabbccddeeff", "auth", "hmac(sha256)",
                          "0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"},
                         o);
  lab::sys::run({"ip", "xfrm", "state", "flush"}, o);
  return r.ok();
}

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

class StrongswanHost : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "network namespaces on the host kernel need root";
    if (lab::ike::strongswanVersion().empty())
      GTEST_SKIP() << "strongSwan is not installed (run ci/strongswan-install)";
    lab::core::cleanLeftovers(kLab);
    base_ = fs::path("/tmp/t6x") / ("it-" + std::to_string(::getpid()));
    fs::remove_all(base_);
  }
  void TearDown() override {
    if (::geteuid() == 0) lab::core::cleanLeftovers(kLab);
    std::error_code ec;
    if (!HasFailure()) fs::remove_all(base_, ec);
  }
  lab::ike::DaemonDirs dirs(const std::string& host) {
    return {base_ / host / "s", base_ / host / "c"};
  }
  fs::path base_;
};

TEST_F(StrongswanHost, PskIkev2AndIkev1EstablishIke) {
  lab::core::Lab lab(twoHosts(), {base_ / "lab", {}});
  ASSERT_NO_THROW(lab.build());
  const bool esp = kernelHasEsp(lab.node("a"));

  auto a = lab::ike::strongswan::implementation().makeDaemon(lab.node("a"), dirs("a"));
  auto b = lab::ike::strongswan::implementation().makeDaemon(lab.node("b"), dirs("b"));
  EXPECT_EQ(a->implementation().name(), "strongswan");
  EXPECT_EQ(a->version(), "5.9.8");

  auto t0 = Clock::now();
  ASSERT_NO_THROW(a->start());
  auto t1 = Clock::now();
  ASSERT_NO_THROW(b->start());
  std::cout << "[ timing ] start() -> ready: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(t1 - t0).count() << " ms\n";
  EXPECT_TRUE(a->alive());
  EXPECT_TRUE(b->alive());

  lab::ike::Credentials creds;
  creds.psk = "t6x-test-secret";
  std::size_t offA = 0, offB = 0;
  for (int version : {2, 1}) {
    SCOPED_TRACE("IKEv" + std::to_string(version));
    lab::ike::ConnSpec ca;
    ca.ikeVersion = version;
    ca.left = "1.0.0.4";
    ca.right = "1.0.0.5";
    ca.initiator = true;
    lab::ike::ConnSpec cb = ca;
    cb.left = "1.0.0.5";
    cb.right = "1.0.0.4";
    cb.initiator = false;
    a->configure({{ca, creds}});
    b->configure({{cb, creds}});
    b->up("gre1");
    auto u0 = Clock::now();
    a->up("gre1");
    lab::ike::SaStatus sa, sb;
    while (Clock::now() - u0 < 10s) {
      sa = a->status("gre1");
      sb = b->status("gre1");
      // Done once both sides have IKE and the child either came up or failed.
      if (sa.ikeUp && sb.ikeUp && (sa.childUp || !esp)) break;
      std::this_thread::sleep_for(50ms);
    }
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - u0).count();
    std::cout << "[ timing ] IKEv" << version << " up() -> ikeUp: " << ms << " ms\n";
    std::this_thread::sleep_for(300ms);  // let the CHILD_SA outcome reach the logs
    sa = a->status("gre1");
    std::string logA = joined(a->newLogLines(offA)), logB = joined(b->newLogLines(offB));
    EXPECT_TRUE(sa.ikeUp) << sa.detail << "\nA:\n" << logA << "\nB:\n" << logB;
    EXPECT_TRUE(b->status("gre1").ikeUp) << b->status("gre1").detail;
    EXPECT_LT(ms, 5000);
    if (esp) {
      EXPECT_TRUE(sa.childUp) << sa.detail << "\n" << logA << logB;
    } else {
      EXPECT_FALSE(sa.childUp) << sa.detail;
      EXPECT_NE((logA + logB).find("unable to add SAD entry"), std::string::npos) << logA << logB;
    }
    std::cout << "[ status ] A: " << sa.detail << "\n";
    a->down("gre1");
    b->down("gre1");
    EXPECT_FALSE(a->status("gre1").ikeUp) << a->status("gre1").detail;
  }
  a->stop();
  b->stop();
  EXPECT_FALSE(a->alive());
  EXPECT_FALSE(fs::exists(fs::path(dirs("a").state) / "charon.vici"));
  lab.teardown();
}

TEST_F(StrongswanHost, SecondCharonInOneNamespaceDoesNotHang) {
  lab::core::Lab lab(twoHosts(), {base_ / "lab", {}});
  ASSERT_NO_THROW(lab.build());
  auto a = lab::ike::strongswan::implementation().makeDaemon(lab.node("a"), dirs("a"));
  ASSERT_NO_THROW(a->start());
  // A second charon in the same namespace cannot bind UDP 500: it must not
  // hang; either it dies (error with log lines) or it answers.
  auto c = lab::ike::strongswan::implementation().makeDaemon(lab.node("a"), dirs("c"));
  try {
    c->start();
    std::cout << "[ note   ] a second charon in one namespace starts (port 500 taken)\n";
    c->stop();
  } catch (const std::exception& e) {
    std::cout << "[ note   ] " << e.what() << "\n";
    EXPECT_NE(std::string(e.what()).find("charon"), std::string::npos) << e.what();
  }
  a->stop();
  lab.teardown();
}

TEST_F(StrongswanHost, RsaHostKeysIkev2) {
  lab::core::Lab lab(twoHosts(), {base_ / "lab", {}});
  ASSERT_NO_THROW(lab.build());
  auto a = lab::ike::strongswan::implementation().makeDaemon(lab.node("a"), dirs("a"));
  auto b = lab::ike::strongswan::implementation().makeDaemon(lab.node("b"), dirs("b"));
  lab::ike::PublicKey ka = a->hostKey();  // before start()
  ASSERT_NO_THROW(a->start());
  ASSERT_NO_THROW(b->start());
  lab::ike::PublicKey kb = b->hostKey();  // after start()
  EXPECT_EQ(ka.pem.rfind("-----BEGIN PUBLIC KEY-----", 0), 0u) << ka.pem;
  EXPECT_EQ(ka.rfc3110.rfind("0sAw", 0), 0u) << ka.rfc3110;
  auto perms = fs::status(fs::path(dirs("a").state) / "swanctl/private/host.pem").permissions();
  EXPECT_EQ(perms & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);

  lab::ike::ConnSpec ca;
  ca.auth = lab::ike::Auth::Rsa;
  ca.left = "1.0.0.4";
  ca.right = "1.0.0.5";
  ca.initiator = true;
  lab::ike::ConnSpec cb = ca;
  cb.left = "1.0.0.5";
  cb.right = "1.0.0.4";
  cb.initiator = false;
  a->configure({{ca, {"", ka, kb}}});
  b->configure({{cb, {"", kb, ka}}});
  b->up("gre1");
  a->up("gre1");
  lab::ike::SaStatus sa;
  for (auto t0 = Clock::now(); Clock::now() - t0 < 10s && !sa.ikeUp; std::this_thread::sleep_for(50ms))
    sa = a->status("gre1");
  std::size_t off = 0;
  EXPECT_TRUE(sa.ikeUp) << sa.detail << "\n" << joined(a->newLogLines(off));
  a->stop();
  b->stop();
  lab.teardown();
}

}  // namespace

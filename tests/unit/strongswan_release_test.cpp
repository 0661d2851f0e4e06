// strongSwan on Debian releases: charon's real log lines of bookworm's 5.9.8
// and trixie's 6.0.1 (copied from runs of nat-c, nat-c --ikev 2 and
// tests/scenarios/ike-faults.yaml with --release bookworm / trixie under
// UML, 2026-12-04) mapped by the outcome table, and where charon, its
// plugins and its version come from in a release root.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>

#include "lab/ike/implementation.h"
#include "lab/ike/registry.h"
#include "lab/ike/strongswan/charon_userland.h"
#include "lab/ike/strongswan/swanctl_conf.h"
#include "lab/sys/error.h"

namespace fs = std::filesystem;
namespace ssw = lab::ike::strongswan;

namespace {

// What an EnvironmentError thrown by f says, message and remedy; "" if f
// throws none (other exceptions pass through to the test).
std::string environmentErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const lab::sys::EnvironmentError& e) {
    return std::string(e.what()) + " / " + e.remedy();
  }
  return "";
}

struct Line {
  std::string text;
  std::string outcome;  // "" for a line that is no outcome
};

// The same situations on each version; charon printed the same words in both.
const std::vector<Line> kLines598 = {
    // nat-c stage 1 (C: local_addrs = 1.2.3.4, not on its NIC)
    {"16:54:07 04[NET] error writing to socket: Network is unreachable", "rejected:cannot-identify-ourselves"},
    // nat-c stage 2, IKEv1: A (Main Mode initiator) checks C's ID
    {"16:54:07 15[IKE] <gre1|1> IDir '10.1.0.1' does not match to '1.2.3.4'", "peer-id-mismatch"},
    // nat-c stage 2, IKEv2: A as responder finds no config for C's ID, C is told
    {"16:54:44 08[CFG] <2> no matching peer config found", "peer-id-mismatch"},
    {"16:54:44 08[ENC] <2> generating IKE_AUTH response 1 [ N(AUTH_FAILED) ]", "notify:AUTHENTICATION_FAILED"},
    {"16:54:44 06[ENC] <gre1|1> parsed IKE_AUTH response 1 [ N(AUTH_FAILED) ]", "notify:AUTHENTICATION_FAILED"},
    {"16:54:44 06[IKE] <gre1|1> received AUTHENTICATION_FAILED notify error", "notify:AUTHENTICATION_FAILED"},
    // ike-faults: wrong PSK on B, IKE blocked
    {"16:44:57 08[IKE] <gre1|1> tried 1 shared key for '1.0.0.5' - '1.0.0.4', but MAC mismatched", "auth-mismatch"},
    {"16:45:02 10[IKE] <gre1|2> retransmit 1 of request with message ID 0", "no-response"},
    // no outcome
    {"16:54:44 09[CFG] <gre1|2> selected peer config 'gre1'", ""},
    {"16:54:07 05[CFG] <2> selected peer config \"gre1\"", ""},
    {"16:45:07 15[IKE] <gre1|2> authentication of '1.0.0.4' with pre-shared key successful", ""},
};

const std::vector<Line> kLines601 = {
    {"16:43:28 04[NET] error writing to socket: Network is unreachable", "rejected:cannot-identify-ourselves"},
    {"16:43:29 12[IKE] <gre1|1> IDir '10.1.0.1' does not match to '1.2.3.4'", "peer-id-mismatch"},
    {"16:44:14 09[CFG] <2> no matching peer config found", "peer-id-mismatch"},
    {"16:44:14 09[ENC] <2> generating IKE_AUTH response 1 [ N(AUTH_FAILED) ]", "notify:AUTHENTICATION_FAILED"},
    {"16:44:14 14[ENC] <gre1|1> parsed IKE_AUTH response 1 [ N(AUTH_FAILED) ]", "notify:AUTHENTICATION_FAILED"},
    {"16:44:14 14[IKE] <gre1|1> received AUTHENTICATION_FAILED notify error", "notify:AUTHENTICATION_FAILED"},
    {"16:44:20 15[IKE] <gre1|1> tried 1 shared key for '1.0.0.5' - '1.0.0.4', but MAC mismatched", "auth-mismatch"},
    {"16:44:25 16[IKE] <gre1|2> retransmit 1 of request with message ID 0", "no-response"},
    {"16:44:14 08[CFG] <gre1|2> selected peer config 'gre1'", ""},
    {"16:43:29 14[CFG] <2> selected peer config \"gre1\"", ""},
    // New in 6.0: kernel-netlink probes for XFRM interfaces at startup; a
    // kernel without them (UML's 6.1 here) answers with an error that is
    // no fault of the lab's.
    {"16:43:28 00[KNL] received netlink error: Unknown device type (95)", ""},
    {"16:43:28 00[KNL] failed to create XFRM interface 'xfrmi-test-1080'", ""},
};

std::string outcomeOf(const std::string& version, const std::string& line) {
  auto ev = lab::ike::matchOutcomes(lab::ike::implementation("strongswan"), "A", version, {line});
  return ev.empty() ? "" : ev[0].outcome;
}

// A fake root: a manifest and the files named.
fs::path fakeRoot(const std::string& name, const std::vector<std::string>& files) {
  const fs::path dir = fs::temp_directory_path() / ("ssr-unit-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "labrun-manifest") << "release trixie\nimpl strongswan\nseconds 1\n"
                                         << "package charon-systemd 6.0.1-6+deb13u7\n";
  for (const auto& f : files) {
    fs::create_directories((dir / f).parent_path());
    std::ofstream(dir / f) << "";
  }
  return dir;
}

}  // namespace

TEST(StrongswanRelease, BookwormLinesMapToOutcomes) {
  for (const auto& l : kLines598) EXPECT_EQ(outcomeOf("5.9.8", l.text), l.outcome) << l.text;
}

TEST(StrongswanRelease, TrixieLinesMapToOutcomes) {
  for (const auto& l : kLines601) EXPECT_EQ(outcomeOf("6.0.1", l.text), l.outcome) << l.text;
}

TEST(StrongswanRelease, TheTableIsVerifiedOnBothVersions) {
  const auto& t = lab::ike::implementation("strongswan").outcomeTable();
  EXPECT_TRUE(t.verified("5.9.8"));
  EXPECT_TRUE(t.verified("6.0.1"));
}

TEST(StrongswanRelease, RunsFromARoot) {
  EXPECT_FALSE(lab::ike::implementation("strongswan").releasePackages("trixie").empty());
}

TEST(StrongswanRelease, PluginListsFollowTheVersion) {
  // 6.0 builds aes, gmp, hmac, sha1, sha2 no more: openssl does their work.
  const std::string six = ssw::charonPlugins("6.0.1");
  EXPECT_NE(six.find("openssl"), std::string::npos);
  EXPECT_EQ(six.find("gmp"), std::string::npos);
  EXPECT_EQ(six.find("sha2"), std::string::npos);
  EXPECT_EQ(ssw::charonPlugins("5.9.8"), lab::ike::kCharonPlugins);
  // What a root lacks is left out (bookworm's root has no openssl plugin).
  EXPECT_EQ(ssw::charonPlugins("5.9.8", {"random", "nonce", "openssl", "vici"}), "random nonce openssl vici");
  EXPECT_EQ(ssw::charonPlugins("5.9.8", {"random", "vici"}), "random vici");
  EXPECT_EQ(lab::ike::renderToolConf("pki", "6.0.1"),
            "pki {\n  load = pem pkcs1 pkcs8 x509 pubkey openssl random drbg nonce\n}\n");
}

TEST(StrongswanRelease, TheVersionIsTheRootsAndItsPluginsAreListed) {
  const auto root = fakeRoot("trixie-strongswan", {"usr/sbin/charon-systemd", "etc/protocols",
                                                   "usr/lib/ipsec/plugins/libstrongswan-vici.so",
                                                   "usr/lib/ipsec/plugins/libstrongswan-openssl.so"});
  const lab::release::Userland u{root, {}};
  EXPECT_EQ(ssw::versionIn(u), "6.0.1");
  EXPECT_EQ(ssw::pluginsIn(u), (std::vector<std::string>{"openssl", "vici"}));
  EXPECT_NO_THROW(ssw::requireCharon(u));
  lab::sys::RunOptions o;
  const auto argv = ssw::charonCommand(u, "/run/labrun/x/A/strongswan.conf", o);
  EXPECT_EQ(argv, std::vector<std::string>{"/usr/sbin/charon-systemd"});
  EXPECT_EQ(o.root, root);
  EXPECT_EQ(o.env["STRONGSWAN_CONF"], "/run/labrun/x/A/strongswan.conf");
  EXPECT_EQ(o.env.count("LD_PRELOAD"), 0u);  // no private prefix in a root
  fs::remove_all(root.parent_path());
}

TEST(StrongswanRelease, ARootWithoutCharonNamesTheCommandThatBuildsIt) {
  const auto root = fakeRoot("trixie-strongswan", {"etc/protocols"});
  const std::string all = environmentErrorOf([&] { ssw::requireCharon({root, {}}); });
  ASSERT_FALSE(all.empty()) << "no error for a root without charon-systemd";
  EXPECT_NE(all.find("charon-systemd"), std::string::npos) << all;
  EXPECT_NE(all.find("labrun release build trixie-strongswan"), std::string::npos) << all;
  fs::remove_all(root.parent_path());
}

TEST(StrongswanRelease, AnIpsecConfNeedsStarterCharonAndStrokeInTheRoot) {
  const std::vector<std::string> charon = {"usr/sbin/charon-systemd", "etc/protocols",
                                           "usr/lib/ipsec/plugins/libstrongswan-vici.so"};
  const auto old = fakeRoot("bookworm-strongswan", charon);  // built before starter joined the package list
  const std::string all = environmentErrorOf([&] { ssw::requireStarter({old, {}}); });
  ASSERT_FALSE(all.empty()) << "no error for a root without starter";
  EXPECT_NE(all.find("strongswan-starter"), std::string::npos) << all;
  EXPECT_NE(all.find("labrun release rm bookworm-strongswan, then labrun release build bookworm-strongswan"),
            std::string::npos) << all;
  auto files = charon;
  files.insert(files.end(), {"usr/lib/ipsec/starter", "usr/lib/ipsec/charon",
                             "usr/lib/ipsec/plugins/libstrongswan-stroke.so"});
  EXPECT_NO_THROW(ssw::requireStarter({fakeRoot("bookworm-strongswan", files), {}}));
  EXPECT_THROW(ssw::requireStarter({}), lab::sys::EnvironmentError);  // the machine's own: no starter beside libreswan
  // trixie's strongSwan 6: no starter beside charon-systemd, whatever the root holds.
  const std::string trixie = environmentErrorOf([&] { ssw::requireStarter({fakeRoot("trixie-strongswan", files), {}}); });
  ASSERT_FALSE(trixie.empty()) << "no error for trixie";
  EXPECT_NE(trixie.find("cannot run on trixie"), std::string::npos) << trixie;
  EXPECT_NE(trixie.find("=bookworm"), std::string::npos) << trixie;
  const auto pkgs = lab::ike::implementation("strongswan").releasePackages("bookworm");
  for (const char* p : {"strongswan-starter", "strongswan-charon"})
    EXPECT_NE(std::find(pkgs.begin(), pkgs.end(), p), pkgs.end()) << p;
  // strongSwan 6 (trixie on): Debian's charon-systemd and strongswan-charon conflict.
  const auto six = lab::ike::implementation("strongswan").releasePackages("trixie");
  EXPECT_EQ(std::find(six.begin(), six.end(), "strongswan-charon"), six.end());
  fs::remove_all(old.parent_path());
}

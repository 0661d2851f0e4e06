// swanctl.conf tree → VICI requests: the mapping by hand, and checked byte
// for byte against the real swanctl (when installed) loading the rendered
// file into a fake charon.
#include "lab/ike/strongswan/swanctl_vici.h"

#include <gtest/gtest.h>

#include "ike_fixtures.h"

#include <fstream>
#include <map>

#include "fake_vici.h"
#include "lab/ike/pubkey.h"
#include "lab/ike/strongswan/swanctl_conf.h"
#include "lab/sys/error.h"
#include "lab/sys/process.h"

namespace {

namespace fs = std::filesystem;
namespace vici = lab::ike::vici;
using lab::ike::Auth;
using lab::ike::ConnSpec;
using lab::ike::Credentials;
using lab::ike::Mode;

using fake::kPeerPem;
using fake::kSelfPem;
Credentials fakePsk() { return fake::psk(); }
Credentials fakeRsa() { return fake::rsa(); }

ConnSpec greOverIpsec(int version, Auth auth) { return fake::greOverIpsec(version, auth); }

// Reads the two pubkey files from a fake swanctl directory /sw.
std::string fakeFiles(const fs::path& p) {
  static const std::map<fs::path, std::string> files = {{"/sw/pubkey/self.pem", kSelfPem},
                                                        {"/sw/pubkey/peer-gre1.pem", kPeerPem}};
  auto it = files.find(p);
  if (it == files.end()) throw lab::sys::Error("no such file");
  return it->second;
}

TEST(SwanctlVici, ListKeysAreSwanctls) {
  for (auto k : {"local_addrs", "remote_addrs", "proposals", "esp_proposals", "ah_proposals", "local_ts",
                 "remote_ts", "vips", "pools", "groups", "cert_policy", "Local_Addrs"})
    EXPECT_TRUE(lab::ike::isSwanctlListKey(k)) << k;
  for (auto k : {"version", "id", "auth", "mode", "start_action", "pubkeys", "local_addr"})
    EXPECT_FALSE(lab::ike::isSwanctlListKey(k)) << k;
  for (auto k : {"certs", "cacerts", "pubkeys"}) EXPECT_TRUE(lab::ike::isSwanctlFileListKey(k)) << k;
  EXPECT_FALSE(lab::ike::isSwanctlFileListKey("pubkey"));
}

TEST(SwanctlVici, RsaConnectionBecomesOneLoadConn) {
  auto tree = lab::ike::swanctlTree(greOverIpsec(2, Auth::Rsa), fakeRsa());
  auto msgs = lab::ike::loadConnMessages(tree, "/sw", fakeFiles);
  ASSERT_EQ(msgs.size(), 1u);

  vici::Section want;
  vici::Section& c = want.add("gre1");
  c.set("version", "2");
  c.setList("local_addrs", {"1.0.0.4"});
  c.setList("remote_addrs", {"1.0.0.5"});
  c.setList("proposals", {"aes256-sha256-modp2048"});
  c.set("mobike", "no");
  c.add("local").set("auth", "pubkey").set("id", "1.0.0.4").setList("pubkeys", {kSelfPem});
  c.add("remote").set("auth", "pubkey").set("id", "1.0.0.5").setList("pubkeys", {kPeerPem});
  c.add("children")
      .add("gre1")
      .set("mode", "transport")
      .setList("esp_proposals", {"aes256-sha256-modp2048"})
      .setList("local_ts", {"dynamic[gre]"})
      .setList("remote_ts", {"dynamic[gre]"})
      .set("start_action", "start");
  EXPECT_EQ(msgs[0], want) << vici::toText(msgs[0]);
  EXPECT_EQ(lab::ike::connectionNames(tree), std::vector<std::string>{"gre1"});
  EXPECT_TRUE(lab::ike::loadSharedMessages(tree).empty());  // RSA: no secrets
}

TEST(SwanctlVici, ResponderWithoutLocalAddrsAndTunnelMode) {
  ConnSpec b = greOverIpsec(1, Auth::Psk);
  b.mode = Mode::IpsecOverGre;
  b.left = "%defaultroute";
  b.initiator = false;
  auto msgs = lab::ike::loadConnMessages(lab::ike::swanctlTree(b, fakePsk(), "10.1.0.1"), "/sw", fakeFiles);
  ASSERT_EQ(msgs.size(), 1u);
  const vici::Section& c = *msgs[0].section("gre1");
  EXPECT_EQ(c.list("local_addrs"), nullptr);
  EXPECT_EQ(c.value("mobike"), nullptr);  // IKEv1
  EXPECT_EQ(c.section("local")->get("id"), "10.1.0.1");
  const vici::Section& child = *c.section("children")->section("gre1");
  EXPECT_EQ(child.get("mode"), "tunnel");
  EXPECT_EQ(*child.list("local_ts"), std::vector<std::string>{"dynamic"});
  EXPECT_EQ(child.get("start_action"), "none");
}

TEST(SwanctlVici, ListsSplitLikeSwanctlAndFilesResolveLikeSwanctl) {
  vici::Section tree;
  vici::Section& c = tree.add("connections").add("x");
  c.set("remote_addrs", "1.2.3.4, 5.6.7.8 ,,host.example");
  c.setList("vips", {"0.0.0.0"});  // a tree may hold lists already
  c.add("local").set("certs", "/abs/cert.pem, rel.pem").set("cacerts", "ca.pem");
  std::vector<fs::path> read;
  auto msgs = lab::ike::loadConnMessages(tree, "/sw", [&](const fs::path& p) {
    read.push_back(p);
    return p.filename().string();
  });
  const vici::Section& x = *msgs.at(0).section("x");
  EXPECT_EQ(*x.list("remote_addrs"), (std::vector<std::string>{"1.2.3.4", "5.6.7.8", "host.example"}));
  EXPECT_EQ(*x.list("vips"), std::vector<std::string>{"0.0.0.0"});
  EXPECT_EQ(*x.section("local")->list("certs"), (std::vector<std::string>{"cert.pem", "rel.pem"}));
  EXPECT_EQ(read, (std::vector<fs::path>{"/abs/cert.pem", "/sw/x509/rel.pem", "/sw/x509ca/ca.pem"}));
}

TEST(SwanctlVici, MissingPubkeyFileIsNamed) {
  auto tree = lab::ike::swanctlTree(greOverIpsec(2, Auth::Rsa), fakeRsa());
  try {
    lab::ike::loadConnMessages(tree, "/elsewhere", fakeFiles);
    FAIL() << "no exception";
  } catch (const lab::sys::Error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot read pubkeys file /elsewhere/pubkey/self.pem: no such file");
  }
}

TEST(SwanctlVici, PskBecomesLoadSharedWithItsOwners) {
  ConnSpec a = greOverIpsec(2, Auth::Psk);
  a.right = "1.2.3.4";
  a.leftid = "@a.example";
  auto shared = lab::ike::loadSharedMessages(lab::ike::swanctlTree(a, fakePsk()));
  ASSERT_EQ(shared.size(), 1u);
  vici::Section want;
  want.set("id", "ike-gre1").set("type", "ike").set("data", "fake-psk-0123456789");
  want.setList("owners", {"@a.example", "1.2.3.4"});
  EXPECT_EQ(shared[0], want);

  vici::Section noIds;
  noIds.add("secrets").add("ike-x").set("secret", "s");
  auto s = lab::ike::loadSharedMessages(noIds);
  ASSERT_EQ(s.size(), 1u);
  ASSERT_NE(s[0].list("owners"), nullptr);
  EXPECT_TRUE(s[0].list("owners")->empty());
}

std::string pem(const std::string& label, const lab::ike::Bytes& der) {
  return "-----BEGIN " + label + "-----\n" + lab::ike::base64Encode(der) + "\n-----END " + label + "-----\n";
}

TEST(SwanctlVici, PrivateKeyIsLoadedAsDerOfItsType) {
  const lab::ike::Bytes der = {0x30, 0x82, 0x01, 0x00, 0x02, 0x01, 0x00, 0xff};
  const std::string derText(der.begin(), der.end());
  auto rsa = lab::ike::loadKeyMessage(pem("RSA PRIVATE KEY", der));
  EXPECT_EQ(rsa.get("type"), "rsa");
  EXPECT_EQ(rsa.get("data"), derText);
  EXPECT_EQ(vici::encodeMessage(rsa).substr(0, 11), std::string("\x03\x04type\x00\x03rsa", 11));
  EXPECT_EQ(lab::ike::loadKeyMessage(pem("PRIVATE KEY", der)).get("type"), "any");
  EXPECT_EQ(lab::ike::loadKeyMessage(pem("EC PRIVATE KEY", der)).get("type"), "ecdsa");

  EXPECT_THROW(lab::ike::loadKeyMessage(pem("ENCRYPTED PRIVATE KEY", der)), lab::sys::Error);
  EXPECT_THROW(lab::ike::loadKeyMessage("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                                        "DEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n"),
               lab::sys::Error);
  EXPECT_THROW(lab::ike::loadKeyMessage("not a key"), lab::sys::Error);
  EXPECT_THROW(lab::ike::loadKeyMessage("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n"), lab::sys::Error);
}

// --- the real swanctl as the reference ---------------------------------------

struct SwanctlRun {
  fs::path dir;  // SWANCTL_DIR
  fakevici::Recorder recorder;
};

// Writes `text` as swanctl.conf (plus the fake pubkeys when `pubkeys`) and
// runs `swanctl <command>` against a fake charon that records the requests.
// Returns false (the caller skips) when swanctl is not installed.
bool runSwanctl(const std::string& text, bool pubkeys, const std::string& command, fakevici::Recorder& rec) {
  fs::path swanctl;
  try {
    swanctl = lab::sys::findProgram("swanctl");
  } catch (const lab::sys::EnvironmentError&) {
    return false;
  }
  fakevici::Server server(rec.handler());
  const fs::path dir = server.dir() / "swanctl";
  for (const auto& d : lab::ike::swanctlCredentialDirs()) fs::create_directories(dir / d);
  std::ofstream(dir / "swanctl.conf") << text;
  if (pubkeys) {
    std::ofstream(dir / "pubkey/self.pem") << kSelfPem;
    std::ofstream(dir / "pubkey/peer-gre1.pem") << kPeerPem;
  }
  std::ofstream(server.dir() / "strongswan.conf") << "swanctl {\n  load = pem pkcs1 x509 pubkey openssl random\n}\n";
  auto r = lab::sys::run({"env", "STRONGSWAN_CONF=" + (server.dir() / "strongswan.conf").string(),
                          "SWANCTL_DIR=" + dir.string(), swanctl.string(), command, "--uri",
                          "unix://" + server.socket().string()});
  EXPECT_TRUE(r.ok()) << r.out;
  return true;
}

std::vector<std::string> encoded(const std::vector<vici::Section>& msgs) {
  std::vector<std::string> out;
  for (const auto& m : msgs) out.push_back(vici::encodeMessage(m));
  return out;
}

TEST(SwanctlVici, SameBytesAsSwanctlLoadingTheRenderedFile) {
  std::vector<std::pair<ConnSpec, Credentials>> cases;
  cases.emplace_back(greOverIpsec(2, Auth::Psk), fakePsk());
  cases.emplace_back(greOverIpsec(1, Auth::Rsa), fakeRsa());
  ConnSpec nat = greOverIpsec(1, Auth::Rsa);
  nat.left = "%defaultroute";
  nat.leftid = "1.2.3.4";
  nat.initiator = false;
  cases.emplace_back(nat, fakeRsa());
  ConnSpec over = greOverIpsec(2, Auth::Psk);
  over.mode = Mode::IpsecOverGre;
  over.leftid = "@a.example";
  over.rightid = "1.2.3.4";
  cases.emplace_back(over, fakePsk());

  for (const auto& [conn, creds] : cases) {
    const bool rsa = conn.auth == Auth::Rsa;
    const auto tree = lab::ike::swanctlTree(conn, creds);
    const std::string text = lab::ike::renderSwanctlText(tree, "test");
    fakevici::Recorder conns;
    if (!runSwanctl(text, rsa, "--load-conns", conns)) GTEST_SKIP() << "swanctl is not installed";
    auto reader = [](const fs::path& p) { return p.filename() == "self.pem" ? kSelfPem : kPeerPem; };
    EXPECT_EQ(conns.messages("load-conn"), encoded(lab::ike::loadConnMessages(tree, "/any", reader))) << text;
    if (!rsa) {
      fakevici::Recorder creds;
      runSwanctl(text, false, "--load-creds", creds);
      EXPECT_EQ(creds.messages("load-shared"), encoded(lab::ike::loadSharedMessages(tree))) << text;
    }
  }
}

}  // namespace

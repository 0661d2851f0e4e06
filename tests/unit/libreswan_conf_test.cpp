// libreswan config rendering compared with golden files (no privileges).
// Regenerate after an intended change: LABRUN_UPDATE_GOLDEN=1 unit_tests
// --gtest_filter='LibreswanConf*', then review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "lab/ike/libreswan/libreswan_conf.h"
#include "lab/ike/libreswan/nss_keys.h"
#include "lab/sys/error.h"

namespace {

using lab::ike::Auth;
using lab::ike::ConnSpec;
using lab::ike::Credentials;
using lab::ike::Mode;
namespace lsw = lab::ike::libreswan;

// Fixed fake values in the article's shape (not keys of anything).
const char* kKeyA = "0sAQOcq+xzOPYivlZ8kXvALHTJhWwH2IluTzlOOuKiSvP0RDFPHzKBYgse9tTFAKEA";
const char* kKeyB = "0sAQPiT6xbnBMuPLbXxfT3iQ9yDhlD4U7FdqORFAKEB";
const char* kPsk = "fake-psk-for-golden-files-only";
// The golden files are bookworm's libreswan 4.10 syntax (ikev2=yes|no).
const lsw::VersionTraits k410 = lsw::traitsOf("4.10");

std::filesystem::path golden(const std::string& name) {
  return std::filesystem::path(LABRUN_SOURCE_DIR) / "tests" / "golden" / "libreswan" / name;
}

lsw::LibreswanPaths paths(const std::string& host) {
  return {"/run/labrun/t/" + host + "/nss", "/run/labrun/t/" + host + "/ipsec.d",
          "/run/labrun/t/" + host + "/ipsec.secrets", "/tmp/labrun-0/t/" + host + "/pluto.log",
          "/run/labrun/t/" + host + "/run"};
}

void expectGolden(const std::string& name, const std::string& text) {
  auto file = golden(name);
  if (std::getenv("LABRUN_UPDATE_GOLDEN")) {
    std::ofstream(file, std::ios::trunc) << text;
  }
  std::ifstream in(file);
  ASSERT_TRUE(in) << "missing golden file " << file;
  std::stringstream want;
  want << in.rdbuf();
  EXPECT_EQ(text, want.str()) << "differs from " << file;
}

Credentials rsa(const char* self, const char* peer) {
  Credentials c;
  c.self.rfc3110 = self;
  c.peer.rfc3110 = peer;
  return c;
}

// Server A of the article: GRE over IPsec, IKEv1, RSA, initiates.
ConnSpec articleA() {
  ConnSpec c;
  c.name = "gre1";
  c.mode = Mode::GreOverIpsec;
  c.ikeVersion = 1;
  c.auth = Auth::Rsa;
  c.left = "1.0.0.4";
  c.right = "1.0.0.5";
  c.initiator = true;
  return c;
}

}  // namespace

TEST(LibreswanConf, GreOverIpsecIkev1RsaLikeTheArticle) {
  expectGolden("gre-over-ipsec-v1-rsa.conf", lsw::renderIpsecConf(articleA(), rsa(kKeyA, kKeyB), paths("A"), k410));
  std::string secrets = lsw::renderSecrets(articleA(), rsa(kKeyA, kKeyB));
  EXPECT_EQ(secrets.find("PSK"), std::string::npos);
  EXPECT_NE(secrets.find("NSS"), std::string::npos);
}

TEST(LibreswanConf, GreOverIpsecIkev2PskResponder) {
  ConnSpec b = articleA();
  b.ikeVersion = 2;
  b.auth = Auth::Psk;
  b.left = "1.0.0.5";
  b.right = "1.0.0.4";
  b.initiator = false;
  Credentials creds;
  creds.psk = kPsk;
  std::string conf = lsw::renderIpsecConf(b, creds, paths("B"), k410);
  expectGolden("gre-over-ipsec-v2-psk.conf", conf);
  EXPECT_EQ(conf.find(kPsk), std::string::npos) << "the PSK must not appear in ipsec.conf";
  EXPECT_EQ(conf.find("ikev1-policy"), std::string::npos);
  expectGolden("gre-over-ipsec-v2-psk.secrets", lsw::renderSecrets(b, creds));
  std::string redacted = lsw::redactSecrets(b, creds);
  EXPECT_EQ(redacted.find(kPsk), std::string::npos);
  EXPECT_NE(redacted.find("PSK \"<redacted>\""), std::string::npos);
}

TEST(LibreswanConf, IpsecOverGreIsTunnelModeBetweenInnerAddresses) {
  ConnSpec a = articleA();
  a.mode = Mode::IpsecOverGre;
  a.left = "10.0.0.1";
  a.right = "10.0.0.2";
  std::string conf = lsw::renderIpsecConf(a, rsa(kKeyA, kKeyB), paths("A"), k410);
  expectGolden("ipsec-over-gre-v1-rsa.conf", conf);
  EXPECT_EQ(conf.find("protoport"), std::string::npos);
  EXPECT_EQ(conf.find("type="), std::string::npos);
}

TEST(LibreswanConf, NatCUsesDefaultrouteAndLeftid) {
  ConnSpec c = articleA();
  c.left = "%defaultroute";
  c.leftid = "1.2.3.4";
  c.right = "1.0.0.4";
  expectGolden("nat-c-leftid-v1-rsa.conf", lsw::renderIpsecConf(c, rsa(kKeyB, kKeyA), paths("C"), k410));

  // PSK behind the NAT: indexed by the IDs pluto looks the secret up by.
  c.auth = Auth::Psk;
  Credentials creds;
  creds.psk = kPsk;
  expectGolden("nat-c-leftid-psk.secrets", lsw::renderSecrets(c, creds));
  c.leftid.clear();  // the article's middle stage: no leftid → %any for the magic address
  EXPECT_EQ(lsw::renderSecrets(c, creds).substr(lsw::renderSecrets(c, creds).find('\n') + 1),
            std::string("%any 1.0.0.4 : PSK \"") + kPsk + "\"\n");
}

// nat-c with IKEv2: C (behind the NAT) proposes TSi 10.1.0.1; A, the
// responder, must accept a selector other than right=1.2.3.4. Only the IKEv2
// transport-mode responder gets rightsubnet=0.0.0.0/0 + narrowing=yes.
TEST(LibreswanConf, Ikev2TransportResponderNarrowsToThePeersSelector) {
  ConnSpec a = articleA();
  a.ikeVersion = 2;
  a.right = "1.2.3.4";
  a.initiator = false;
  std::string conf = lsw::renderIpsecConf(a, rsa(kKeyA, kKeyB), paths("A"), k410);
  expectGolden("nat-c-responder-v2-rsa.conf", conf);
  EXPECT_NE(conf.find("    rightsubnet=0.0.0.0/0\n"), std::string::npos);
  EXPECT_NE(conf.find("    narrowing=yes\n"), std::string::npos);
  EXPECT_NE(conf.find("    rightprotoport=gre\n"), std::string::npos);
  EXPECT_NE(conf.find("    type=transport\n"), std::string::npos);
  EXPECT_EQ(conf.find("leftsubnet"), std::string::npos);

  for (auto change : {+[](ConnSpec& c) { c.initiator = true; }, +[](ConnSpec& c) { c.ikeVersion = 1; },
                      +[](ConnSpec& c) { c.mode = Mode::IpsecOverGre; }}) {
    ConnSpec other = a;
    change(other);
    std::string text = lsw::renderIpsecConf(other, rsa(kKeyA, kKeyB), paths("A"), k410);
    EXPECT_EQ(text.find("rightsubnet"), std::string::npos) << text;
    EXPECT_EQ(text.find("narrowing"), std::string::npos) << text;
  }
}

TEST(LibreswanConf, SetupHasEverythingForAPrivateInstance) {
  std::string setup = lsw::renderSetup(paths("A"), 1, k410);
  for (const char* key : {"logfile=/tmp/labrun-0/t/A/pluto.log", "nssdir=/run/labrun/t/A/nss",
                          "ipsecdir=/run/labrun/t/A/ipsec.d", "secretsfile=/run/labrun/t/A/ipsec.secrets",
                          "dumpdir=/run/labrun/t/A/run", "ikev1-policy=accept"})
    EXPECT_NE(setup.find(key), std::string::npos) << key;
  EXPECT_EQ(lsw::renderSetup(paths("A"), 2, k410).find("ikev1-policy"), std::string::npos);
  EXPECT_EQ(lsw::ikev1Policy(1), "accept");
  EXPECT_EQ(lsw::ikev1Policy(2), "");
}

TEST(LibreswanConf, RejectsWhatPlutoCannotTake) {
  ConnSpec c = articleA();
  EXPECT_THROW(lsw::renderIpsecConf(c, rsa("", kKeyB), paths("A"), k410), lab::sys::Error);
  c.left.clear();
  EXPECT_THROW(lsw::renderIpsecConf(c, rsa(kKeyA, kKeyB), paths("A"), k410), lab::sys::Error);
  c = articleA();
  c.leftid = "1.2.3.4\n    auto=ignore";
  EXPECT_THROW(lsw::renderIpsecConf(c, rsa(kKeyA, kKeyB), paths("A"), k410), lab::sys::Error);
  c = articleA();
  c.name = "1bad";
  EXPECT_THROW(lsw::renderIpsecConf(c, rsa(kKeyA, kKeyB), paths("A"), k410), lab::sys::Error);
  c = articleA();
  c.ikeVersion = 3;
  EXPECT_THROW(lsw::renderIpsecConf(c, rsa(kKeyA, kKeyB), paths("A"), k410), lab::sys::Error);
  c = articleA();
  c.auth = Auth::Psk;
  Credentials creds;
  EXPECT_THROW(lsw::renderSecrets(c, creds), lab::sys::Error);
  creds.psk = "has\"quote";
  EXPECT_THROW(lsw::renderSecrets(c, creds), lab::sys::Error);
}

TEST(LibreswanKeys, ParsesNewhostkeyAndShowhostkeyOutput) {
  EXPECT_EQ(lsw::parseCkaid("Generated RSA key pair with CKAID 38b1a6c8731dcc62261045ecbf799bd5f6b92579 was "
                            "stored in the NSS database\nThe public key can be displayed using: ...\n"),
            "38b1a6c8731dcc62261045ecbf799bd5f6b92579");
  EXPECT_EQ(lsw::parseCkaid("nothing here"), "");
  EXPECT_EQ(lsw::parseRsaSigKey("\t# rsakey AwEAAcZpm\n\tleftrsasigkey=0sAwEAAcZpmmoO\n"), "0sAwEAAcZpmmoO");
  EXPECT_EQ(lsw::parseRsaSigKey("\t# rsakey AwEAAcZpm\n"), "");
}

// The IKE version in each version's syntax: 5.x states keyexchange= (it
// still reads ikev2= but logs "ikev2=yes has been replaced by
// keyexchange=ikev2"); 4.x knows only ikev2= (keyexchange=ikev1 refused).
TEST(LibreswanConf, IkeVersionKeywordFollowsTheVersion) {
  auto a = articleA();
  const auto v52 = lsw::renderIpsecConf(a, rsa(kKeyA, kKeyB), paths("A"), lsw::traitsOf("5.2"));
  EXPECT_NE(v52.find("    keyexchange=ikev1\n"), std::string::npos) << v52;
  EXPECT_EQ(v52.find("ikev2="), std::string::npos) << v52;
  const auto v43 = lsw::renderIpsecConf(a, rsa(kKeyA, kKeyB), paths("A"), lsw::traitsOf("4.3"));
  EXPECT_NE(v43.find("    ikev2=no\n"), std::string::npos) << v43;
  EXPECT_EQ(v43.find("keyexchange"), std::string::npos) << v43;
  EXPECT_EQ(v43.find("ikev1-policy"), std::string::npos) << v43;  // 4.3 does not know it
  a.ikeVersion = 2;
  EXPECT_NE(lsw::renderIpsecConf(a, rsa(kKeyA, kKeyB), paths("A"), lsw::traitsOf("5.2")).find("keyexchange=ikev2"),
            std::string::npos);
}

// 4.3 cannot narrow an address selector (it answers 0.0.0.0/0 and the
// initiator refuses it with TS_UNACCEPTABLE, seen in gre-over-ipsec
// --release bullseye): its IKEv2 transport responder names the peer's address.
TEST(LibreswanConf, Ikev2TransportResponderWidensOnlyWhereItCanNarrow) {
  auto b = articleA();
  b.ikeVersion = 2;
  b.initiator = false;
  const auto v410 = lsw::renderIpsecConf(b, rsa(kKeyA, kKeyB), paths("B"), k410);
  EXPECT_NE(v410.find("rightsubnet=0.0.0.0/0"), std::string::npos) << v410;
  const auto v43 = lsw::renderIpsecConf(b, rsa(kKeyA, kKeyB), paths("B"), lsw::traitsOf("4.3"));
  EXPECT_EQ(v43.find("rightsubnet"), std::string::npos) << v43;
  EXPECT_EQ(v43.find("narrowing"), std::string::npos) << v43;
}

// strongSwan configuration rendering: exact comparison with the goldens in
// tests/golden/strongswan/ (LABRUN_UPDATE_GOLDENS=1 rewrites them), the
// tree → text rendering and the secret redaction. (What charon gets over
// VICI for the same tree: swanctl_vici_test.cpp.)
#include "lab/ike/strongswan/swanctl_conf.h"

#include <gtest/gtest.h>

#include "ike_fixtures.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "lab/ike/libreswan/libreswan_conf.h"
#include "lab/ike/strongswan/strongswan_daemon.h"

namespace {

using lab::ike::Auth;
using lab::ike::ConnSpec;
using lab::ike::Credentials;
using lab::ike::Mode;
using lab::ike::StrongswanPaths;

const std::filesystem::path kGoldens =
    std::filesystem::path(LABRUN_SOURCE_DIR) / "tests/golden/strongswan";

const StrongswanPaths kPaths{"/run/labrun/t6x/A/strongswan", "/tmp/labrun-0/t6x/A/strongswan"};

Credentials fakePsk() { return fake::psk(); }
Credentials fakeRsa() { return fake::rsa(); }

ConnSpec greOverIpsecA(int version) { return fake::greOverIpsec(version); }

std::string readFile(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void expectGolden(const std::string& name, const std::string& text) {
  auto file = kGoldens / name;
  if (const char* u = std::getenv("LABRUN_UPDATE_GOLDENS"); u && std::string(u) == "1") {
    std::ofstream(file) << text;
  }
  ASSERT_TRUE(std::filesystem::exists(file)) << file;
  EXPECT_EQ(readFile(file), text) << "golden " << file;
}

TEST(SwanctlConf, GreOverIpsecIkev2Psk) {
  expectGolden("gre-over-ipsec-v2-psk.conf",
               lab::ike::renderSwanctlConf(greOverIpsecA(2), fakePsk(), kPaths));
}

TEST(SwanctlConf, GreOverIpsecIkev1PskResponder) {
  ConnSpec b = greOverIpsecA(1);
  b.left = "1.0.0.5";
  b.right = "1.0.0.4";
  b.initiator = false;
  expectGolden("gre-over-ipsec-v1-psk-responder.conf",
               lab::ike::renderSwanctlConf(b, fakePsk(), kPaths));
}

TEST(SwanctlConf, GreOverIpsecRsa) {
  ConnSpec a = greOverIpsecA(2);
  a.auth = Auth::Rsa;
  std::string text = lab::ike::renderSwanctlConf(a, fakeRsa(), kPaths);
  expectGolden("gre-over-ipsec-v2-rsa.conf", text);
  EXPECT_EQ(text.find("secrets"), std::string::npos);  // the key is a file, not a secret
}

TEST(SwanctlConf, IpsecOverGre) {
  ConnSpec a;
  a.mode = Mode::IpsecOverGre;
  a.left = "10.0.0.1";
  a.right = "10.0.0.2";
  a.initiator = true;
  expectGolden("ipsec-over-gre-v2-psk.conf", lab::ike::renderSwanctlConf(a, fakePsk(), kPaths));
}

// C behind the 1:1 NAT (NIC 10.1.0.1, public 1.2.3.4), GRE over IPsec to A.
ConnSpec natC() {
  ConnSpec c = greOverIpsecA(1);
  c.right = "1.0.0.4";
  c.initiator = false;
  c.auth = Auth::Rsa;
  return c;
}

TEST(SwanctlConf, NatCLeftIsPublicAddress) {
  ConnSpec c = natC();
  c.left = "1.2.3.4";  // not on any interface of C
  expectGolden("nat-c-left-public.conf", lab::ike::renderSwanctlConf(c, fakeRsa(), kPaths));
}

TEST(SwanctlConf, NatCDefaultrouteWithoutLeftid) {
  ConnSpec c = natC();
  c.left = "%defaultroute";
  // The daemon resolved %defaultroute to C's NIC address: C's ID is 10.1.0.1.
  expectGolden("nat-c-defaultroute.conf",
               lab::ike::renderSwanctlConf(c, fakeRsa(), kPaths, "10.1.0.1"));
}

TEST(SwanctlConf, NatCDefaultrouteWithLeftid) {
  ConnSpec c = natC();
  c.left = "%defaultroute";
  c.leftid = "1.2.3.4";
  expectGolden("nat-c-leftid.conf", lab::ike::renderSwanctlConf(c, fakeRsa(), kPaths, "10.1.0.1"));
}

TEST(SwanctlConf, NatPskBothIds) {
  ConnSpec a = greOverIpsecA(2);
  a.right = "1.2.3.4";
  a.leftid = "@a.example";
  a.rightid = "1.2.3.4";
  expectGolden("nat-a-psk-ids.conf", lab::ike::renderSwanctlConf(a, fakePsk(), kPaths));
}

TEST(SwanctlConf, StrongswanConf) {
  expectGolden("strongswan.conf", lab::ike::renderStrongswanConf(kPaths));
}

TEST(SwanctlConf, RedactsSecrets) {
  Credentials c = fakePsk();
  c.psk = "p\"q\\r";
  std::string text = lab::ike::renderSwanctlConf(greOverIpsecA(2), c, kPaths);
  EXPECT_NE(text.find(R"(secret = "p\"q\\r")"), std::string::npos) << text;
  std::string red = lab::ike::redactSwanctlConf(text);
  EXPECT_EQ(red.find("p\\\"q"), std::string::npos) << red;
  EXPECT_NE(red.find("secret = <redacted>"), std::string::npos) << red;
}

// Mixed pairs meet only if both renderers state the same suite: the same
// IKE proposal, and an ESP proposal with the IKE group as PFS group (pluto
// proposes and insists on PFS in IKEv1 Quick Mode in the group of phase 1;
// without a DH group in esp_proposals charon answers NO_PROPOSAL_CHOSEN).
TEST(SwanctlConf, CipherSuiteMatchesLibreswans) {
  auto toSwanctl = [](std::string s) {  // libreswan's names → strongSwan's
    for (std::string::size_type at; (at = s.find("sha2_")) != std::string::npos;) s.replace(at, 5, "sha");
    return s;
  };
  namespace lsw = lab::ike::libreswan;
  EXPECT_EQ(lab::ike::kSwanctlIkeProposal, toSwanctl(lsw::kIkeProposal));
  const std::string ike = lab::ike::kSwanctlIkeProposal;
  const std::string group = ike.substr(ike.rfind('-'));  // "-modp2048"
  EXPECT_EQ(lab::ike::kSwanctlEspProposal, toSwanctl(lsw::kEspProposal) + group);
  for (int v : {1, 2}) {
    std::string text = lab::ike::renderSwanctlConf(greOverIpsecA(v), fakePsk(), kPaths);
    EXPECT_NE(text.find(std::string("    proposals = ") + lab::ike::kSwanctlIkeProposal + "\n"), std::string::npos)
        << text;
    EXPECT_NE(text.find(std::string("esp_proposals = ") + lab::ike::kSwanctlEspProposal + "\n"), std::string::npos)
        << text;
  }
  EXPECT_NE(std::string(lab::ike::kCharonPlugins).find(" mgf1 "), std::string::npos)
      << "RSASSA-PSS (libreswan's IKEv2 RSA signatures) needs the mgf1 plugin";
}

TEST(SwanctlConf, WildcardLeft) {
  EXPECT_TRUE(lab::ike::isWildcardLeft("%defaultroute"));
  EXPECT_TRUE(lab::ike::isWildcardLeft("%any"));
  EXPECT_TRUE(lab::ike::isWildcardLeft(""));
  EXPECT_FALSE(lab::ike::isWildcardLeft("1.2.3.4"));
}

TEST(SwanctlConf, TextIsTheTree) {
  lab::ike::vici::Section tree;
  auto& c = tree.add("connections").add("x");
  c.set("plain", "1.2.3.4");
  c.set("dn", "C=CH, O=strongSwan");  // '=' has a meaning: quoted
  c.set("spaced", " a ");
  c.set("empty", "");
  c.setList("local_ts", {"10.0.0.0/8", "dynamic[gre]"});
  tree.add("secrets").add("ike-x").set("secret", "plain");  // secrets: always quoted
  EXPECT_EQ(lab::ike::renderSwanctlText(tree, "hdr"),
            "# hdr\n"
            "connections {\n"
            "  x {\n"
            "    plain = 1.2.3.4\n"
            "    dn = \"C=CH, O=strongSwan\"\n"
            "    spaced = \" a \"\n"
            "    empty = \"\"\n"
            "    local_ts = 10.0.0.0/8, dynamic[gre]\n"
            "  }\n"
            "}\n"
            "secrets {\n"
            "  ike-x {\n"
            "    secret = \"plain\"\n"
            "  }\n"
            "}\n");
  // The file is the tree: rendering the daemon's tree gives the golden text.
  EXPECT_EQ(lab::ike::renderSwanctlText(lab::ike::swanctlTree(greOverIpsecA(2), fakePsk()),
                                        "swanctl.conf for 'gre1', rendered by labrun (strongSwan)"),
            lab::ike::renderSwanctlConf(greOverIpsecA(2), fakePsk(), kPaths));
}

TEST(StrongswanVersion, FromTheInstallStamp) {
  EXPECT_EQ(lab::ike::strongswanVersionFromStamp("5.9.8-5+deb12u6 strongswan-libcharon charon-systemd\n"), "5.9.8");
  EXPECT_EQ(lab::ike::strongswanVersionFromStamp("1:6.0.1-2 strongswan-libcharon"), "6.0.1");
  EXPECT_EQ(lab::ike::strongswanVersionFromStamp(""), "");
  EXPECT_EQ(lab::ike::strongswanVersionFromStamp("garbage"), "");
}

}  // namespace

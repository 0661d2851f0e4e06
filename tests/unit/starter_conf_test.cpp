// The files a user's own strongSwan ipsec.conf runs with under starter:
// ipsec.conf without its secrets lines, ipsec.secrets with this run's PSK,
// the secrets' owners for VICI, and strongswan.conf's charon section.
#include <gtest/gtest.h>

#include "lab/ike/implementation.h"
#include "lab/ike/registry.h"
#include "lab/ike/strongswan/own_ipsec_conf.h"
#include "lab/ike/strongswan/starter_conf.h"

namespace {
namespace ssw = lab::ike::strongswan;

const char* kOwnConf =
    "config setup\n"
    "    uniqueids=no\n"
    "conn gre1\n"
    "    keyexchange=ikev2\n"
    "    leftauth=psk\n"
    "    rightauth=psk\n"
    "    right=1.0.0.4\n"
    "    leftid=1.2.3.4\n"
    "    type=transport\n"
    "    auto=start\n"
    "\n"
    "1.2.3.4 1.0.0.4 : PSK \"the-users-psk\"\n";

std::string kept() { return ssw::parseOwnIpsecConf(kOwnConf, true)->text; }

TEST(StarterConf, IpsecConfKeepsTheConnAndDropsItsSecretsLines) {
  const std::string conf = ssw::starterIpsecConf({kept()});
  EXPECT_NE(conf.find("conn gre1\n    keyexchange=ikev2\n"), std::string::npos) << conf;
  EXPECT_NE(conf.find("config setup\n    uniqueids=no\n"), std::string::npos) << conf;
  EXPECT_EQ(conf.find(" : PSK"), std::string::npos) << conf;
  EXPECT_EQ(conf.find("the-users-psk"), std::string::npos) << conf;
  // No conns: what starter starts with (they come with up()).
  EXPECT_EQ(ssw::starterIpsecConf({}).find("\nconn "), std::string::npos);
}

TEST(StarterConf, SecretsCarryThisRunsPskNeverTheUsers) {
  const std::string secrets = ssw::starterIpsecSecrets({kept()}, {"run-psk-123"});
  EXPECT_NE(secrets.find("1.2.3.4 1.0.0.4 : PSK \"run-psk-123\"\n"), std::string::npos) << secrets;
  EXPECT_EQ(secrets.find("the-users-psk"), std::string::npos) << secrets;
  const auto owners = ssw::starterSecretOwners(kept());
  ASSERT_EQ(owners.size(), 1u);
  EXPECT_EQ(owners[0], (std::vector<std::string>{"1.2.3.4", "1.0.0.4"}));
}

TEST(StarterConf, TellsIpsecConfFromSwanctlConf) {
  EXPECT_TRUE(ssw::isIpsecConfLiteral(kept()));
  EXPECT_TRUE(ssw::isIpsecConfLiteral("# c\nconn x\n  right=1.0.0.4\n"));
  EXPECT_FALSE(ssw::isIpsecConfLiteral("connections {\n  gre1 {\n  }\n}\n"));
}

TEST(StarterConf, StrongswanConfConfiguresCharonLogViciAndStroke) {
  ssw::StarterPaths p{{"/tmp/s", "/tmp/c"}};
  const std::string conf = ssw::renderStarterStrongswanConf(p, "random nonce vici stroke", "5.9.8");
  EXPECT_NE(conf.find("\ncharon {\n  load = random nonce vici stroke\n"), std::string::npos) << conf;
  EXPECT_EQ(conf.find("charon-systemd"), std::string::npos) << conf;
  EXPECT_NE(conf.find("      path = /tmp/c/charon.log\n"), std::string::npos) << conf;
  EXPECT_NE(conf.find("      socket = unix:///tmp/s/charon.vici\n"), std::string::npos) << conf;
  EXPECT_NE(conf.find("    stroke {\n      secrets_file = /tmp/s/ipsec.secrets\n"), std::string::npos) << conf;
  EXPECT_NE(conf.find("starter {\n  load_warning = no\n}"), std::string::npos) << conf;
  EXPECT_EQ(p.run(), "/tmp/s/run");
}

TEST(StarterConf, TheLabsRawKeysReplaceTheUsersKeysAndCerts) {
  const std::string conf = ssw::withLabKeys(
      "conn gre1\n    leftcert=c.crt\n    rightrsasigkey=0sAQ==\n    rightsigkey = peer.pem\n"
      "    leftsubnet=10.0.0.0/8\n# leftcert=kept.crt\n",
      "/s/self.pem", "/s/peer-gre1.pem");
  EXPECT_EQ(conf,
            "conn gre1\n    leftsigkey=/s/self.pem\n    rightsigkey=/s/peer-gre1.pem\n    rightsigkey=/s/peer-gre1.pem\n"
            "    leftsubnet=10.0.0.0/8\n# leftcert=kept.crt\n");
}

TEST(StarterConf, FixesAreInIpsecConfsWords) {
  const auto& ssw = lab::ike::implementation("strongswan");
  lab::ike::ConnSpec c;
  c.name = "gre1";
  c.literal = kept();
  EXPECT_EQ(ssw.fixLocalId(c, "C", "1.2.3.4"), "leftid=1.2.3.4 in conn gre1 of ipsec.conf on C");
  EXPECT_NE(ssw.fixLocalAddress(c, "C", std::string("1.2.3.4")).find("leftid=1.2.3.4"), std::string::npos);
  EXPECT_NE(ssw.fixFor("no-response", c).find("right= in conn gre1"), std::string::npos);
  EXPECT_EQ(ssw.fixFor("auth-mismatch", c).find("swanctl"), std::string::npos);
  c.literal.clear();  // labrun's own rendering is swanctl.conf
  EXPECT_NE(ssw.fixLocalId(c, "C", "1.2.3.4").find("swanctl.conf"), std::string::npos);
}

}  // namespace

// A user's own strongSwan ipsec.conf (starter's format): told from
// libreswan's by what only strongSwan reads (or --format
// ipsec.conf-strongswan), every keyword checked against starter 5.9.8's,
// the PSK replaced before anything keeps the text, and each malformed file
// an error with line:col and what would fix it.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "lab/ike/own_config.h"
#include "lab/ike/registry.h"
#include "lab/ike/strongswan/own_ipsec_conf.h"
#include "lab/sys/error.h"

namespace {
namespace fs = std::filesystem;
using lab::ike::OwnConfigError;

const fs::path kOwn = fs::path(LABRUN_FIXTURES) / "own";
const char* kUserPsk = "users-very-own-psk-Xq7";

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(OwnStrongswanIpsecConf, DetectedByStrongswansOwnKeywordsAndItsPskNeverKept) {
  const fs::path f = kOwn / "good/c-strongswan-ipsec.conf";
  const auto own = lab::ike::recogniseOwnConfig(slurp(f), "", f.parent_path());
  EXPECT_EQ(own.format, "ipsec.conf-strongswan");
  EXPECT_EQ(own.name, "gre1");
  EXPECT_EQ(own.text.find(kUserPsk), std::string::npos) << own.text;
  EXPECT_NE(own.text.find("203.0.113.7 198.51.100.9 : PSK %labrun-per-run-secret"), std::string::npos) << own.text;

  const auto parsed = lab::ike::strongswan::parseOwnIpsecConf(slurp(f), false);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->evidence, "leftauth= (line 7)");
  const auto secrets = lab::ike::strongswan::ownIpsecSecrets(*parsed, "per-run-0123");
  EXPECT_NE(secrets.find("203.0.113.7 198.51.100.9 : PSK \"per-run-0123\""), std::string::npos) << secrets;
  EXPECT_EQ(secrets.find(kUserPsk), std::string::npos);
  const auto conn = lab::ike::strongswan::ownIpsecConfConn(*parsed, {}).conn;
  EXPECT_EQ(conn.left, "%any");
  EXPECT_EQ(conn.right, "198.51.100.9");
  EXPECT_EQ(conn.leftid, "203.0.113.7");
  EXPECT_EQ(conn.ikeVersion, 2);
  EXPECT_EQ(conn.auth, lab::ike::Auth::Psk);
  EXPECT_EQ(conn.mode, lab::ike::Mode::GreOverIpsec);
  EXPECT_TRUE(conn.initiator);
}

TEST(OwnStrongswanIpsecConf, LibreswansConnsStayLibreswans) {
  const fs::path f = kOwn / "good/c-nat-ipsec.conf";
  EXPECT_EQ(lab::ike::recogniseOwnConfig(slurp(f), "", f.parent_path()).format, "ipsec.conf");
  // Told it is strongSwan's, it is read so: libreswan's ikev2= is not a
  // strongSwan keyword, and the error says what strongSwan calls it.
  const fs::path g = kOwn / "bad/ssw-libreswan-keyword.conf";
  EXPECT_EQ(lab::ike::recogniseOwnConfig(slurp(g), "", g.parent_path()).format, "ipsec.conf");
  try {
    lab::ike::recogniseOwnConfig(slurp(g), "ipsec.conf-strongswan", g.parent_path());
    FAIL() << "no error";
  } catch (const OwnConfigError& e) {
    EXPECT_EQ(e.where(), ":6:5") << e.what();
    EXPECT_NE(std::string(e.what()).find("keyexchange=ikev1|ikev2"), std::string::npos) << e.what();
  }
}

TEST(OwnStrongswanIpsecConf, RunsFromAReleaseRootWithStarter) {
  const fs::path f = kOwn / "good/c-strongswan-ipsec.conf";
  const auto own = lab::ike::recogniseOwnConfig(slurp(f), "", f.parent_path());
  const auto& ssw = lab::ike::implementation("strongswan");
  EXPECT_NE(ssw.ownConfigRelease(own).find("starter"), std::string::npos);
  const auto conn = ssw.readOwnConfig(own, {}, 0, "5.9.8").conn;
  EXPECT_EQ(conn.name, "gre1");
  EXPECT_EQ(conn.leftid, "203.0.113.7");
  EXPECT_TRUE(conn.initiator);
  EXPECT_EQ(conn.literal.find(kUserPsk), std::string::npos);
  // swanctl.conf runs from this machine's charon-systemd: no root needed.
  const auto swanctl = lab::ike::recogniseOwnConfig(slurp(kOwn / "good/c-swanctl.conf"), "", kOwn / "good");
  EXPECT_EQ(ssw.ownConfigRelease(swanctl), "");
}

}  // namespace

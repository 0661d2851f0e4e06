// A user's own swanctl.conf: read as swanctl would, secrets replaced before
// anything keeps the text, and every malformed file an error with
// file:line:col and what would fix it (reproduce: nothing created).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "harness/cli/reproduce.h"
#include "harness/scenario/parser.h"
#include "harness/scenario/usage_error.h"
#include "lab/ike/own_config.h"
#include "lab/ike/registry.h"
#include "lab/ike/strongswan/own_swanctl.h"

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

TEST(OwnSwanctl, RecognisedAndTheUsersPskNeverKept) {
  const auto own = lab::ike::recogniseOwnConfig(slurp(kOwn / "good/c-swanctl.conf"), "", kOwn / "good");
  EXPECT_EQ(own.format, "swanctl.conf");
  EXPECT_EQ(own.name, "gre1");
  EXPECT_EQ(own.text.find(kUserPsk), std::string::npos) << own.text;
  EXPECT_NE(own.text.find(lab::ike::strongswan::kOwnSecretPlaceholder), std::string::npos) << own.text;
  const auto& impl = lab::ike::implementation("strongswan");
  const auto read = impl.readOwnConfig(own, {}, 0, "5.9.8");
  EXPECT_EQ(read.conn.right, "198.51.100.9");
  EXPECT_EQ(read.conn.left, "%any");
  EXPECT_EQ(read.conn.leftid, "203.0.113.7");
  EXPECT_EQ(read.conn.rightid, "198.51.100.9");
  EXPECT_EQ(read.conn.auth, lab::ike::Auth::Psk);
  EXPECT_EQ(read.conn.mode, lab::ike::Mode::GreOverIpsec);
  EXPECT_TRUE(read.conn.initiator);
  bool said = false;
  for (const auto& n : read.notes) said = said || n.find("replaced by a per-run one") != std::string::npos;
  EXPECT_TRUE(said);
}

TEST(OwnSwanctl, TreeCarriesThisRunsPskAndLabKeys) {
  const auto own = lab::ike::recogniseOwnConfig(slurp(kOwn / "good/c-swanctl.conf"));
  const auto tree = lab::ike::strongswan::ownSwanctlTree(own.text, "run-psk", "self.pem", "peer-gre1.pem");
  ASSERT_NE(tree.section("secrets"), nullptr);
  EXPECT_EQ(tree.section("secrets")->section("ike-a")->get("secret"), "run-psk");
  EXPECT_EQ(tree.section("connections")->section("gre1")->section("local")->get("id"), "203.0.113.7");
}

TEST(OwnSwanctl, LibreswanConnsStillLibreswans) {
  EXPECT_EQ(lab::ike::recogniseOwnConfig(slurp(kOwn / "good/c-nat-ipsec.conf")).format, "ipsec.conf");
  // --format names the format: a swanctl.conf is not ipsec.conf.
  try {
    lab::ike::recogniseOwnConfig(slurp(kOwn / "good/c-swanctl.conf"), "ipsec.conf");
    FAIL() << "no error";
  } catch (const OwnConfigError& e) {
    EXPECT_EQ(e.where(), ":2:1");
    EXPECT_NE(std::string(e.what()).find("--format ipsec.conf"), std::string::npos) << e.what();
  }
}

struct Bad {
  const char* file;
  const char* where;  // ":line:col", or ":line" where the error is a whole line
  const char* says;   // part of the message: what is wrong or what fixes it
};

class MalformedOwnConfig : public testing::TestWithParam<Bad> {};

TEST_P(MalformedOwnConfig, IsAnErrorWithLineColumnAndFix) {
  const Bad b = GetParam();
  const fs::path file = kOwn / "bad" / b.file;
  try {
    lab::ike::recogniseOwnConfig(slurp(file), "", file.parent_path());
    FAIL() << b.file << ": no error";
  } catch (const OwnConfigError& e) {
    EXPECT_EQ(e.where(), b.where) << b.file << ": " << e.what();
    EXPECT_NE(std::string(e.what()).find(b.says), std::string::npos) << b.file << ": " << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, MalformedOwnConfig,
    testing::Values(Bad{"neither-format.conf", ":3:3", "a swanctl.conf with 'connections {'"},
                    Bad{"unknown-option.conf", ":16:9", "did you mean 'mode'?"},
                    Bad{"misspelt-remote-addrs.conf", ":5:5", "did you mean 'remote_addrs'?"},
                    Bad{"unterminated-section.conf", ":2:1", "add a '}'"},
                    Bad{"stray-brace.conf", ":30:1", "'}' closes no section"},
                    Bad{"psk-without-secret.conf", ":7:7", "add 'secrets { ike-gre1"},
                    Bad{"missing-cert.conf", ":9:15", "certificate 'c-cert.pem' not found"},
                    Bad{"bad-version.conf", ":4:15", "version takes 0, 1, 2"},
                    Bad{"bad-auth.conf", ":11:14", "auth takes pubkey"},
                    Bad{"bad-mode.conf", ":16:16", "mode takes tunnel"},
                    Bad{"unclosed-quote.conf", ":27:14", "add a '\"'"},
                    Bad{"no-children.conf", ":3:3", "has no children"},
                    Bad{"include.conf", ":5:5", "paste the included file"},
                    Bad{"bad-secret-type.conf", ":25:3", "starts with its type"},
                    Bad{"ipsec-conf-stray-line.conf", ":4", "expected 'conn NAME'"},
                    // strongSwan's legacy ipsec.conf (its starter's keywords)
                    Bad{"ssw-unknown-keyword.conf", ":6:5", "did you mean 'rightauth'?"},
                    Bad{"ssw-psk-without-secret.conf", ":4", "no secret is given: add its ipsec.secrets line"},
                    Bad{"ssw-missing-cert.conf", ":5", "leftcert=c-cert.pem: file not found"},
                    Bad{"ssw-bad-secret-type.conf", ":7", "takes PSK, RSA, ECDSA"},
                    Bad{"ssw-two-conns.conf", ":6", "one conn per host"},
                    Bad{"ssw-no-right.conf", ":1", "has no right="},
                    Bad{"ssw-also-missing.conf", ":2", "also=base: no conn base"},
                    Bad{"ssw-unclosed-quote.conf", ":4:12", "add a '\"'"}),
    [](const testing::TestParamInfo<Bad>& i) {
      std::string n = i.param.file;
      for (auto& c : n)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      return n;
    });

// reproduce: a bad file is exit 2 (UsageError) naming file:line:col, before
// anything is made; an address the lab lacks names the lab's and --map.
TEST(Reproduce, BadFileNamesFileLineColumn) {
  auto spec = harness::scenario::loadScenario(LABRUN_SOURCE_DIR "/scenarios/nat-c.yaml", {"uc-u"});
  const std::string f = (kOwn / "bad/unknown-option.conf").string();
  try {
    harness::cli::applyReproduce(spec, {"C=" + f});
    FAIL() << "no error";
  } catch (const harness::scenario::UsageError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(f + ":16:9: ", 0), 0u) << e.what();
  }
}

TEST(Reproduce, UnmappedAddressNamesTheLabsAndMap) {
  auto spec = harness::scenario::loadScenario(LABRUN_SOURCE_DIR "/scenarios/article.yaml", {"uc-u"});
  const std::string f = (kOwn / "good/c-nat-ipsec.conf").string();
  try {
    harness::cli::applyReproduce(spec, {"C=" + f});
    FAIL() << "no error";
  } catch (const harness::scenario::UsageError& e) {
    const std::string w = e.what();
    EXPECT_NE(w.find("198.51.100.9 matches no host"), std::string::npos) << w;
    EXPECT_NE(w.find("A 1.0.0.4"), std::string::npos) << w;
    EXPECT_NE(w.find("--map 198.51.100.9=A"), std::string::npos) << w;
  }
  harness::cli::applyReproduce(spec, {"C=" + f}, {"", {"198.51.100.9=A"}});
  ASSERT_EQ(spec.stages.size(), 1u);
  const auto& own = spec.stages[0].config.begin()->second.at("C");
  EXPECT_NE(own.text.find("right=1.0.0.4"), std::string::npos) << own.text;
}

TEST(Reproduce, SwanctlMappedToTheLab) {
  auto spec = harness::scenario::loadScenario(LABRUN_SOURCE_DIR "/scenarios/nat-c.yaml", {"uc-u"});
  const std::string f = (kOwn / "good/c-swanctl.conf").string();
  harness::cli::applyReproduce(spec, {"C=" + f}, {"swanctl.conf", {"198.51.100.9=A", "203.0.113.7=C"}});
  const auto& own = spec.stages[0].config.begin()->second.at("C");
  EXPECT_NE(own.text.find("id = 1.2.3.4"), std::string::npos) << own.text;
  EXPECT_EQ(own.text.find(kUserPsk), std::string::npos) << own.text;
}

}  // namespace

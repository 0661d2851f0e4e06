// Bring your own config beyond libreswan on nat-c: the article's conns as
// swanctl.conf on strongSwan, and C's as strongSwan's legacy ipsec.conf run
// by Debian's starter and stroke plugin from a release root (three stages
// each, the user's PSKs nowhere in what labrun writes), and a libreswan conn with real-world addresses mapped onto
// the article's A-B-C lab with --map.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/report/json_report.h"
#include "labrun_cli.h"

namespace fs = std::filesystem;
using namespace labrun_test;

namespace {

const fs::path kOwn = fs::path(LABRUN_SOURCE_DIR) / "tests/fixtures/own";

// Files under `dir` (and the given files) that contain `needle`.
std::vector<std::string> filesContaining(const std::vector<fs::path>& roots, const std::string& needle) {
  std::vector<std::string> hits;
  auto check = [&](const fs::path& p) {
    if (readFile(p).find(needle) != std::string::npos) hits.push_back(p.string());
  };
  for (const auto& r : roots) {
    if (fs::is_directory(r)) {
      for (const auto& e : fs::recursive_directory_iterator(r))
        if (e.is_regular_file()) check(e.path());
    } else if (fs::exists(r)) {
      check(r);
    }
  }
  return hits;
}

}  // namespace

TEST(OwnSwanctl, TheArticlesConnsAsSwanctlReproduceNatCsThreeStages) {
  const auto json = scratchFile("ssw.json"), junit = scratchFile("ssw.xml"), art = scratchFile("ssw-art");
  auto r = labrun({"scenario", "nat-c-swanctl", "--lab", "uc-it1", "--json", json.string(), "--junit", junit.string(),
                   "--artifacts", art.string()});
  EXPECT_EQ(r.exitCode, 0) << r.out;
  const auto result = harness::report::readJson(json);
  for (const auto& c : result.checks)
    EXPECT_EQ(c.verdict, harness::Verdict::Pass) << c.stage << ": " << c.check << "\n" << c.detail;
  const auto* s2 = findCheck(result, "private address, no local id", "ike id-rejected");
  ASSERT_NE(s2, nullptr);
  EXPECT_NE(s2->check.find("AUTHENTICATION_FAILED"), std::string::npos) << s2->check;
  EXPECT_NE(r.out.find("replaced by a per-run one"), std::string::npos) << r.out;
  // The file actually run is in the artifacts, its secrets redacted.
  EXPECT_FALSE(filesContaining({art}, "local_ts = dynamic[gre]").empty());
  for (const char* psk : {"the-article-psk-A", "the-article-psk-C"}) {
    EXPECT_EQ(r.out.find(psk), std::string::npos) << r.out;
    const auto hits = filesContaining({art, json, junit}, psk);
    EXPECT_TRUE(hits.empty()) << psk << " in " << hits.front();
  }
}

// The ipsec.conf way needs strongswan-starter and strongswan-charon in
// bookworm-strongswan (a root built before they joined the package list:
// labrun release rm bookworm-strongswan, then labrun release build).
TEST(OwnStrongswanIpsecConf, TheArticlesConnAsIpsecConfReproducesNatCsThreeStages) {
  const auto json = scratchFile("sic.json"), junit = scratchFile("sic.xml"), art = scratchFile("sic-art");
  auto r = labrun({"scenario", "nat-c-ipsec-conf", "--lab", "uc-it4", "--json", json.string(), "--junit",
                   junit.string(), "--artifacts", art.string()});
  EXPECT_EQ(r.exitCode, 0) << r.out;
  const auto result = harness::report::readJson(json);
  EXPECT_EQ(result.checks.size(), 12u) << r.out;
  for (const auto& c : result.checks)
    EXPECT_EQ(c.verdict, harness::Verdict::Pass) << c.stage << ": " << c.check << "\n" << c.detail;
  const auto* s1 = findCheck(result, "left is the public address", "ike cannot-identify-ourselves at C");
  ASSERT_NE(s1, nullptr);
  const auto* s2 = findCheck(result, "private address, no leftid", "ike id-rejected");
  ASSERT_NE(s2, nullptr);
  EXPECT_NE(s2->check.find("AUTHENTICATION_FAILED"), std::string::npos) << s2->check;
  // It names the identity C declares and the fix in ipsec.conf's words.
  EXPECT_NE(s2->detail.find("C declares ID 10.1.0.1"), std::string::npos) << s2->detail;
  EXPECT_NE(s2->detail.find("Fix: leftid=1.2.3.4 in conn gre1 of ipsec.conf on C"), std::string::npos) << s2->detail;
  EXPECT_NE(s1->detail.find("set leftid=1.2.3.4"), std::string::npos) << s1->detail;
  ASSERT_NE(findCheck(result, "leftid fixes it", "tunnel up"), nullptr);
  EXPECT_NE(r.out.find("C's own config runs with strongSwan's starter, charon and stroke plugin from Debian"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("replaced by a per-run one"), std::string::npos) << r.out;
  // starter added the conn over stroke and charon initiated it from there.
  const auto logs = filesContaining({art}, "received stroke: add connection 'gre1'");
  ASSERT_FALSE(logs.empty());
  EXPECT_NE(readFile(logs.front()).find("received stroke: initiate 'gre1'"), std::string::npos);
  // The files actually run are in the artifacts, the secret redacted.
  EXPECT_FALSE(filesContaining({art}, "    leftid=1.2.3.4\n").empty());
  EXPECT_FALSE(filesContaining({art}, "1.0.0.4 : PSK \"<redacted>\"").empty());
  for (const char* psk : {"the-article-psk-A", "the-article-psk-C"}) {
    EXPECT_EQ(r.out.find(psk), std::string::npos) << r.out;
    const auto hits = filesContaining({art, json, junit}, psk);
    EXPECT_TRUE(hits.empty()) << psk << " in " << hits.front();
  }
  EXPECT_TRUE(labNamespaces("uc-it4").empty());
}

TEST(OwnStrongswanIpsecConf, ReproduceWithTheUsersPskLeavesNoTraceOfIt) {
  const auto json = scratchFile("sir.json"), art = scratchFile("sir-art");
  const auto conf = kOwn / "good/c-strongswan-ipsec.conf";
  auto r = labrun({"reproduce", "--host", "C=" + conf.string(), "--map", "198.51.100.9=A", "--map", "203.0.113.7=C",
                   "--ike", "strongswan", "--ikev", "2", "--auth", "psk", "--lab", "uc-it5", "--json", json.string(), "--artifacts", art.string()});
  EXPECT_EQ(r.exitCode, 0) << r.out;
  const auto result = harness::report::readJson(json);
  const auto* up = findCheck(result, "your config", "tunnel up");
  ASSERT_NE(up, nullptr);
  EXPECT_EQ(up->verdict, harness::Verdict::Pass) << up->detail;
  const std::string psk = "users-very-own-psk-Xq7";
  EXPECT_NE(readFile(conf).find(psk), std::string::npos);  // the fixture does carry it
  EXPECT_EQ(r.out.find(psk), std::string::npos) << r.out;
  const auto hits = filesContaining({art, json}, psk);
  EXPECT_TRUE(hits.empty()) << hits.front();
  EXPECT_FALSE(filesContaining({art}, ": PSK \"<redacted>\"").empty());
}

TEST(OwnStrongswanIpsecConf, RawRsaKeysAreTheLabsAndTheTunnelComesUp) {
  const auto json = scratchFile("sik.json"), art = scratchFile("sik-art");
  const auto conf = kOwn / "good/c-strongswan-ipsec-rsa.conf";
  auto r = labrun({"reproduce", "--host", "C=" + conf.string(), "--ike", "strongswan", "--ikev", "2", "--auth", "rsa",
                   "--lab", "uc-it6", "--json", json.string(), "--artifacts", art.string()});
  EXPECT_EQ(r.exitCode, 0) << r.out;
  EXPECT_NE(r.out.find("rightsigkey=: replaced by the lab's raw host key"), std::string::npos) << r.out;
  const auto result = harness::report::readJson(json);
  const auto* up = findCheck(result, "your config", "tunnel up");
  ASSERT_NE(up, nullptr);
  EXPECT_EQ(up->verdict, harness::Verdict::Pass) << up->detail;
  EXPECT_FALSE(filesContaining({art}, "/swanctl/pubkey/peer-gre1.pem\n").empty());  // rightsigkey= as run
}

TEST(OwnConfigMap, MadeUpAddressesMappedReproduceNatCsFailureOnTheArticleLab) {
  const auto json = scratchFile("map.json");
  const auto conf = kOwn / "good/c-nat-ipsec.conf";
  // Unmapped: exit 2, naming the lab's addresses and --map; nothing made.
  auto bad = labrun({"reproduce", "--scenario", "article", "--host", "C=" + conf.string(), "--lab", "uc-it2"});
  EXPECT_EQ(bad.exitCode, 2) << bad.out;
  EXPECT_NE(bad.out.find("--map 198.51.100.9="), std::string::npos) << bad.out;
  EXPECT_TRUE(labNamespaces("uc-it2").empty());
  auto r = labrun({"reproduce", "--scenario", "article", "--host", "C=" + conf.string(), "--map", "198.51.100.9=A",
                   "--lab", "uc-it2", "--json", json.string()});
  EXPECT_EQ(r.exitCode, 1) << r.out;
  const auto result = harness::report::readJson(json);
  // The user's conn runs as the lab's a-c and fails as nat-c's stage 2 does.
  const auto* up = findCheck(result, "your config", "tunnel a-c up");
  ASSERT_NE(up, nullptr);
  EXPECT_EQ(up->verdict, harness::Verdict::Fail);
  EXPECT_NE(up->detail.find("INVALID_ID_INFORMATION"), std::string::npos) << up->detail;
  EXPECT_NE(up->detail.find("leftid=1.2.3.4"), std::string::npos) << up->detail;
}

TEST(OwnSwanctl, ReproduceWithTheUsersPskLeavesNoTraceOfIt) {
  const auto json = scratchFile("rep.json"), junit = scratchFile("rep.xml"), art = scratchFile("rep-art");
  const auto conf = kOwn / "good/c-swanctl.conf";
  auto r = labrun({"reproduce", "--host", "C=" + conf.string(), "--map", "198.51.100.9=A", "--map", "203.0.113.7=C",
                   "--ike", "strongswan", "--ikev", "2", "--auth", "psk", "--lab", "uc-it3", "--json", json.string(),
                   "--junit", junit.string(), "--artifacts", art.string()});
  EXPECT_EQ(r.exitCode, 0) << r.out;
  EXPECT_NE(r.out.find("replaced by a per-run one"), std::string::npos) << r.out;
  const std::string psk = "users-very-own-psk-Xq7";
  EXPECT_NE(readFile(conf).find(psk), std::string::npos);  // the fixture does carry it
  EXPECT_EQ(r.out.find(psk), std::string::npos) << r.out;
  const auto hits = filesContaining({art, json, junit}, psk);
  EXPECT_TRUE(hits.empty()) << hits.front();
  EXPECT_FALSE(filesContaining({art}, "secret = <redacted>").empty());
}

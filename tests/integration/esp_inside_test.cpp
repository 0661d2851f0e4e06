// Inside the tunnel end to end: nat-c's wire decrypted by labrun with the
// hosts' own SAs, and by Wireshark's tshark with the esp_sa table the run
// left in its artifacts: both find ESP from 1.2.3.4 carrying GRE carrying
// ICMP, packet for packet. The keys are in that 0600 file only: not in the
// console output, the JUnit or the JSON.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <algorithm>

#include <filesystem>
#include <regex>
#include <set>

#include "harness/report/json_report.h"
#include "html_browser.h"
#include "labrun_cli.h"

namespace fs = std::filesystem;
using namespace labrun_test;

namespace {

// Every hex key of a Wireshark esp_sa table (without its 0x).
std::set<std::string> keysOf(const std::string& table) {
  std::set<std::string> keys;
  const std::regex key(R"re("0x([0-9a-f]{16,})")re");
  for (auto it = std::sregex_iterator(table.begin(), table.end(), key); it != std::sregex_iterator(); ++it)
    keys.insert((*it)[1].str());
  return keys;
}

// nat-c's HTML report as Chromium builds and draws it: the NAT with 1.2.3.4,
// the three stages with their verdicts, stage 2's ladder ending at A's
// INVALID_ID_INFORMATION; nothing it would fetch; its links resolve. The
// screenshot stays in the run's artifacts (report.png) and, with the page,
// in the build tree's test-artifacts/html-report/ (kept after the test).
void expectHtmlReportRenders(const fs::path& html, const fs::path& artifacts) {
  ASSERT_TRUE(fs::exists(html)) << html;
  ASSERT_TRUE(fs::exists(artifacts / "index.html"));
  const std::string page = readFile(html);
  for (const char* ref : {"http:", "https:", "url(", "@import", "<script", "<link"})
    EXPECT_EQ(page.find(ref), std::string::npos) << ref;
  const auto dom = renderDom(html);
  ASSERT_TRUE(dom.ok) << dom.error;
  const std::string& d = dom.dom;
  EXPECT_NE(d.find("data-name=\"nat-c\""), std::string::npos);
  const auto nat = d.find("class=\"nat\" data-name=\"nat-c\"");
  ASSERT_NE(nat, std::string::npos) << d.substr(0, 4000);
  EXPECT_NE(d.substr(nat, d.find("</g>", nat) - nat).find("1.2.3.4"), std::string::npos);
  for (const char* s : {"data-stage=\"left is the public address\" data-verdict=\"pass\"",
                        "data-stage=\"no leftid\" data-verdict=\"pass\"",
                        "data-stage=\"leftid fixes it\" data-verdict=\"pass\""})
    EXPECT_NE(d.find(s), std::string::npos) << s;
  const auto s2 = d.find("id=\"stage-2\""), s3 = d.find("id=\"stage-3\"");
  ASSERT_NE(s2, std::string::npos);
  const std::string stage2 = d.substr(s2, s3 - s2);
  const auto fail = stage2.find("data-notify=\"INVALID_ID_INFORMATION\"");
  ASSERT_NE(fail, std::string::npos) << stage2;
  EXPECT_NE(stage2.rfind("<g class=\"msg fail\"", fail), std::string::npos);
  // Every relative link names a file of the run.
  const std::regex href("href=\"([^\"#]+)\"");
  for (auto it = std::sregex_iterator(page.begin(), page.end(), href); it != std::sregex_iterator(); ++it)
    EXPECT_TRUE(fs::exists(html.parent_path() / (*it)[1].str())) << (*it)[1].str();

  std::string error;
  ASSERT_TRUE(screenshot(html, artifacts / "report.png", 1400, 6400, &error)) << error;
  const fs::path kept = fs::path(kLabrun).parent_path() / "test-artifacts" / "html-report";
  fs::create_directories(kept);
  fs::copy_file(artifacts / "report.png", kept / "report.png", fs::copy_options::overwrite_existing);
  fs::copy_file(html, kept / "r.html", fs::copy_options::overwrite_existing);
}

}  // namespace

TEST(EspInside, NatCWireDecryptedByLabrunAndTsharkAlikeAndNoKeyInReports) {
  const auto artifacts = scratchFile("artifacts");
  const auto json = scratchFile("out.json");
  const auto junit = scratchFile("out.xml");
  const auto html = scratchFile("r.html");
  auto r = labrun({"scenario", "nat-c", "--lab", "it-esp", "--artifacts", artifacts.string(), "--json", json.string(),
                   "--junit", junit.string(), "--html", html.string()});
  ASSERT_EQ(r.exitCode, 0) << r.out;
  EXPECT_NE(r.out.find("every ESP packet decrypted with the hosts' SAs, ICV verified"), std::string::npos) << r.out;
  const auto result = harness::report::readJson(json);
  EXPECT_GT(result.esp.decrypted, 0u);
  EXPECT_EQ(result.esp.failed(), 0u);
  EXPECT_NE(r.out.find(result.esp.describe()), std::string::npos) << r.out;
  EXPECT_GT(result.esp.seconds, 0.0);

  // Stage 2 (INVALID_ID_INFORMATION) prints its ladder: Main Mode #1..#6,
  // then where it stopped (A's encrypted Informational).
  const auto stage2 = r.out.find("--- stage: no leftid"), stage3 = r.out.find("--- stage: leftid fixes it");
  ASSERT_NE(stage2, std::string::npos) << r.out;
  const std::string s2 = r.out.substr(stage2, stage3 - stage2);
  for (int n = 1; n <= 6; ++n)
    EXPECT_NE(s2.find("IKEv1 Main Mode #" + std::to_string(n) + " "), std::string::npos) << n << "\n" << s2;
  EXPECT_NE(s2.find("IKEv1 Informational"), std::string::npos) << s2;
  // ... merged by time with what the daemons logged: the outcome line comes
  // after the messages that led to it.
  const auto logged = s2.find(" logged notify:INVALID_ID_INFORMATION");
  ASSERT_NE(logged, std::string::npos) << s2;
  EXPECT_LT(s2.find("IKEv1 Main Mode #5 "), logged) << s2;
  const auto ladder = std::find_if(result.ikeLadders.begin(), result.ikeLadders.end(),
                                   [](const auto& l) { return l.stage == "no leftid"; });
  ASSERT_NE(ladder, result.ikeLadders.end());
  EXPECT_TRUE(std::any_of(ladder->entries.begin(), ladder->entries.end(), [](const auto& e) {
    return e.daemon && e.outcome == "notify:INVALID_ID_INFORMATION" && e.time > 0;
  }));
  EXPECT_TRUE(std::any_of(ladder->entries.begin(), ladder->entries.end(), [](const auto& e) {
    return !e.daemon && e.fromNode == "C" && e.toNode == "A" && e.via == "nat-c";
  })) << "a message from C through the NAT to A";

  // The table: private, and holding the SAs' keys.
  const auto table = artifacts / "wireshark" / "esp_sa";
  struct stat st {};
  ASSERT_EQ(::stat(table.c_str(), &st), 0) << table;
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const auto keys = keysOf(readFile(table));
  ASSERT_FALSE(keys.empty()) << readFile(table);

  // labrun's view of the NAT's outside in the fixed stage.
  const auto pcap = artifacts / "leftid-fixes-it-nat-c-outside.pcap";
  // labrun's view of the NAT's outside in the fixed stage: the summary it
  // wrote beside the pcap.
  const auto txt = readFile(artifacts / "leftid-fixes-it-nat-c-outside.txt");
  const std::regex line(R"(IP 1\.2\.3\.4\.4500 > 1\.0\.0\.4\.4500: UDP-encap: ESP\(spi=0x[0-9a-f]+,seq=0x[0-9a-f]+\) \[GREv0 IP 10\.0\.0\.\d+ > 10\.0\.0\.\d+: ICMP\])");
  const long labrunCount = std::distance(std::sregex_iterator(txt.begin(), txt.end(), line), std::sregex_iterator());
  ASSERT_GT(labrunCount, 0) << txt;

  lab::sys::RunOptions o;
  o.package = "tshark";
  o.env["WIRESHARK_CONFIG_DIR"] = (artifacts / "wireshark").string();
  o.env["HOME"] = scratchFile("home").string();  // no user's own Wireshark profile
  auto ts = lab::sys::run({"tshark", "-n", "-r", pcap.string(), "-Y", "ip.src == 1.2.3.4 && esp", "-T", "fields",
                           "-e", "frame.protocols"},
                          o);
  ASSERT_EQ(ts.exitCode, 0) << ts.out;
  const std::regex inside(R"(:udp:(udpencap:)?esp:gre:ip:icmp)");
  long tsharkCount = std::distance(std::sregex_iterator(ts.out.begin(), ts.out.end(), inside), std::sregex_iterator());
  EXPECT_EQ(tsharkCount, labrunCount) << ts.out;

  // The HTML report, rendered by a real browser (html_browser.h).
  expectHtmlReportRenders(html, artifacts);

  // No key anywhere a report goes.
  const std::string reports = r.out + readFile(json) + readFile(junit) + readFile(html) + readFile(artifacts / "index.html");
  for (const auto& k : keys) {
    EXPECT_EQ(reports.find(k), std::string::npos) << "key material in a report";
    EXPECT_EQ(reports.find(k.substr(0, 16)), std::string::npos) << "key material in a report";
  }
  fs::remove_all(json.parent_path());
}

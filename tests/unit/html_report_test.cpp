// The HTML report: self-contained (no external reference of any kind),
// everything escaped, no secret can reach it, and it draws what a nat-c run
// holds (the NAT's 1.2.3.4, three stage verdicts, stage 2's ladder ending at
// INVALID_ID_INFORMATION, links to the pcaps). Hand-made results, no run.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>

#include "harness/report/html/html_page.h"
#include "harness/report/html/html_text.h"
#include "harness/report/html/ladder_model.h"
#include "harness/report/html/report_view_of.h"
#include "harness/report/json_report.h"
#include "harness/scenario/parser.h"

namespace harness::report::html {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::vector<std::string> kStage2Ladder = {
    "+0.000s  1.0.0.4:500 -> 1.2.3.4:500  IKEv1 Main Mode #1 request id 0 [SA, VID, VID, VID]",
    "+0.171s  10.1.0.1:500 -> 1.0.0.4:500  IKEv1 Main Mode #2 response id 0 [SA, VID, VID, VID]",
    "+0.399s  1.0.0.4:500 -> 1.2.3.4:500  IKEv1 Main Mode #3 request id 0 [KE, NONCE, NAT-D, NAT-D]",
    "+0.541s  10.1.0.1:500 -> 1.0.0.4:500  IKEv1 Main Mode #4 response id 0 [KE, NONCE, NAT-D, NAT-D]",
    "+0.766s  1.0.0.4:4500 -> 1.2.3.4:4500  IKEv1 Main Mode #5 request id 0 [encrypted]",
    "+0.900s  10.1.0.1:4500 -> 1.0.0.4:4500  IKEv1 Main Mode #6 response id 0 [encrypted]",
    "+0.925s  1.0.0.4:4500 -> 1.2.3.4:4500  IKEv1 Informational #1 request id 753096274 [encrypted]",
    "+1.127s  1.0.0.4:4500 -> 1.2.3.4:4500  IKEv1 Main Mode #5 request id 0 [encrypted] (retransmission)",
};

// A nat-c run's result as the run hands it back (counts, ladders, verdicts).
RunResult natcResult(const std::string& artifacts) {
  RunResult r;
  r.scenario = "nat-c";
  r.lab = "u-html";
  r.kernel = "uml";
  r.artifactsDir = artifacts;
  r.daemons = {{"A", "libreswan", "4.10", "4.10-2+deb12u1", "", "bookworm", "left is the public address"},
               {"C", "libreswan", "4.10", "4.10-2+deb12u1", "", "bookworm", "left is the public address"}};
  r.checks = {
      {"left is the public address", "ike cannot-identify-ourselves at C", Verdict::Pass,
       "why: C: left=1.2.3.4 is not an address of C. Fix: left=%defaultroute and leftid=1.2.3.4 on C.", 1.3},
      {"no leftid", "ike id-rejected -> notify:INVALID_ID_INFORMATION at A (libreswan 4.10)", Verdict::Pass,
       "sending encrypted notification INVALID_ID_INFORMATION to 1.2.3.4:4500\nwhy: C declares ID 10.1.0.1 but A "
       "expects 1.2.3.4. Fix: leftid=1.2.3.4 in conn gre1 on C.",
       2.4},
      {"leftid fixes it", "ping A -> 10.0.0.2", Verdict::Fail, "0/3 replies <b>", 5},
  };
  r.ikeLadders = {{"no leftid", kStage2Ladder}};
  r.links = {{"leftid fixes it", "nat-c", "outside", "leftid-fixes-it-nat-c-outside.pcap",
              {{"ip/udp4500/esp[gre/ip/icmp]", "1.2.3.4", "1.0.0.4", 6}, {"ip/udp4500/isakmp", "1.0.0.4", "1.2.3.4", 4}}}};
  r.esp.decrypted = 60;
  r.exitCode = 1;
  return r;
}

ScenarioSpec natc() { return scenario::loadScenario(LABRUN_SOURCE_DIR "/scenarios/nat-c.yaml", {"u-html"}); }

// Where the page could reach outside itself.
void expectSelfContained(const std::string& page) {
  std::string lower = page;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* ref : {"http:", "https:", "url(", "@import", "<script", "<link", "<iframe", "<img", "<object", "<embed",
                          "@font-face", "//"})
    EXPECT_THAT(lower, Not(HasSubstr(ref))) << ref;
}

TEST(HtmlText, EscapesEveryMarkupCharacterAndBadUtf8) {
  EXPECT_EQ(esc("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(esc("caf\xC3\xA9 \xFF"), "caf\xC3\xA9 \xEF\xBF\xBD");
  EXPECT_EQ(hrefOf("no leftid-A-eth0.pcap"), "no%20leftid-A-eth0.pcap");
  EXPECT_EQ(hrefOf("javascript:x\"y"), "javascript%3Ax%22y");
  EXPECT_EQ(foldRepeats("SA, VID, VID, VID, NAT-D"), "SA, VID\xC3\x97" "3, NAT-D");
}

TEST(LadderModel, ReadsTheLinesTheCaptureWrites) {
  auto m = parseLadderLine(kStage2Ladder[6]);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->src, "1.0.0.4");
  EXPECT_EQ(m->dstPort, "4500");
  EXPECT_EQ(m->exchange, "Informational #1");
  EXPECT_EQ(m->kind, "request");
  EXPECT_EQ(m->id, "753096274");
  EXPECT_FALSE(m->retransmission);
  EXPECT_TRUE(parseLadderLine(kStage2Ladder[7])->retransmission);
  auto n = parseLadderLine("+0.1s  1.0.0.5:500 -> 1.0.0.4:500  IKEv2 IKE_AUTH response id 1 [N(AUTHENTICATION_FAILED)]");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->notifies(), std::vector<std::string>{"AUTHENTICATION_FAILED"});
  EXPECT_TRUE(isErrorNotify("INVALID_ID_INFORMATION"));
  EXPECT_FALSE(isErrorNotify("NAT_DETECTION_SOURCE_IP"));
  auto entries = parseLadder({"A: pluto says something", kStage2Ladder[0]});
  EXPECT_FALSE(entries[0].message);
  EXPECT_TRUE(entries[1].message);
}

TEST(HtmlReport, NatCRunDrawsTheNatTheStagesAndTheFailedExchange) {
  const auto r = natcResult("/tmp/u-html/art");
  const std::string page = htmlReport(reportViewOf(natc(), r), r, "art");
  expectSelfContained(page);
  // The topology: the NAT with its public <-> private mapping, both hosts' daemons.
  EXPECT_THAT(page, HasSubstr("class=\"nat\" data-name=\"nat-c\""));
  EXPECT_THAT(page, HasSubstr("1.2.3.4 \xE2\x86\x94 10.1.0.1 (C)"));
  EXPECT_THAT(page, HasSubstr("libreswan 4.10 (4.10-2+deb12u1, this machine&#39;s bookworm)"));
  EXPECT_THAT(page, HasSubstr("GRE over IPsec"));
  // Three stages with their verdicts.
  for (const char* s : {"data-stage=\"left is the public address\" data-verdict=\"pass\"",
                        "data-stage=\"no leftid\" data-verdict=\"pass\"",
                        "data-stage=\"leftid fixes it\" data-verdict=\"fail\""})
    EXPECT_THAT(page, HasSubstr(s));
  // Stage 2's ladder: one arrow per message, A's encrypted Informational marked.
  const auto s2 = page.find("id=\"stage-2\""), s3 = page.find("id=\"stage-3\"");
  ASSERT_NE(s2, std::string::npos);
  const std::string stage2 = page.substr(s2, s3 - s2);
  const std::regex arrow("<g class=\"msg[^\"]*\"");
  EXPECT_EQ(std::distance(std::sregex_iterator(stage2.begin(), stage2.end(), arrow), std::sregex_iterator()), 8);
  EXPECT_THAT(stage2, HasSubstr("<g class=\"msg fail\" data-exchange=\"Informational #1\" "
                                "data-notify=\"INVALID_ID_INFORMATION\">"));
  EXPECT_THAT(stage2, HasSubstr("class=\"lifeline nat\" data-name=\"nat-c\""));
  EXPECT_THAT(stage2, HasSubstr("Fix: leftid=1.2.3.4 in conn gre1 on C."));
  EXPECT_THAT(stage2, HasSubstr("<g class=\"msg retrans\""));
  // Stage 3: the link's stacks, counted, linked relative to the page.
  EXPECT_THAT(page, HasSubstr("href=\"art/leftid-fixes-it-nat-c-outside.pcap\""));
  EXPECT_THAT(page, HasSubstr("href=\"art/leftid-fixes-it-nat-c-outside.txt\""));
  EXPECT_THAT(page, HasSubstr("ip/udp4500/esp[gre/ip/icmp]"));
  EXPECT_THAT(page, HasSubstr("href=\"art/wireshark/esp_sa\""));
  EXPECT_THAT(page, HasSubstr("0/3 replies &lt;b&gt;"));
}

TEST(HtmlReport, EveryTextIsEscaped) {
  auto r = natcResult("");
  r.checks[0].stage = r.checks[1].stage = "<script>alert(1)</script>";
  r.checks[0].detail = "why: \"quoted\" <img src=x onerror=alert(1)>";
  ReportView v = reportViewOf(natc(), r);
  v.about = "<style>body{display:none}</style>";
  v.hosts[0].daemon = "</text><script>x</script>";
  const std::string page = htmlReport(v, r, "");
  expectSelfContained(page);
  EXPECT_THAT(page, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(page, HasSubstr("&lt;img src=x onerror=alert(1)&gt;"));
  EXPECT_THAT(page, Not(HasSubstr("<style>body")));
  EXPECT_THAT(page, Not(HasSubstr("</text><script>")));
}

TEST(HtmlReport, AHostsOwnConnTextNeverReachesThePage) {
  auto spec = natc();
  const std::string secret = "0sPSKlookingSecretValue42";
  spec.ipsec->conns[0].config["C"] = {"conn gre1\n  left=%defaultroute\n  # psk " + secret + "\n", "ipsec.conf", "gre1"};
  spec.stages[1].config["gre1"]["A"] = {"conn gre1\n  leftid=" + secret + "\n", "ipsec.conf", "gre1"};
  const auto r = natcResult("");
  const std::string page = htmlReport(reportViewOf(spec, r), r, "");
  EXPECT_THAT(page, Not(HasSubstr(secret)));
  EXPECT_THAT(page, HasSubstr("its own conn"));
}

TEST(HtmlReport, WrittenBesideOrAwayFromTheArtifactsLinksRelatively) {
  const auto dir = std::filesystem::temp_directory_path() / ("labrun-html-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "art");
  const auto r = natcResult((dir / "art").string());
  const auto v = reportViewOf(natc(), r);
  writeHtmlReport(v, r, dir / "r.html");
  writeHtmlReport(v, r, dir / "art" / "index.html");
  std::ifstream a(dir / "r.html"), b(dir / "art" / "index.html");
  const std::string away((std::istreambuf_iterator<char>(a)), {}), beside((std::istreambuf_iterator<char>(b)), {});
  EXPECT_THAT(away, HasSubstr("href=\"art/leftid-fixes-it-nat-c-outside.pcap\""));
  EXPECT_THAT(beside, HasSubstr("href=\"leftid-fixes-it-nat-c-outside.pcap\""));
  std::filesystem::remove_all(dir);
}

TEST(HtmlReport, LinkStacksSurviveTheJsonRoundTrip) {
  const auto r = natcResult("/x");
  const auto back = runResultFromJson(toJson(r));
  ASSERT_EQ(back.links.size(), 1u);
  EXPECT_EQ(back.links[0].pcap, "leftid-fixes-it-nat-c-outside.pcap");
  ASSERT_EQ(back.links[0].stacks.size(), 2u);
  EXPECT_EQ(back.links[0].stacks[0].stack, "ip/udp4500/esp[gre/ip/icmp]");
  EXPECT_EQ(back.links[0].stacks[0].count, 6u);
  auto j = toJson(r);
  j["links"][0]["stacks"][0]["count"] = "six";
  EXPECT_THROW(runResultFromJson(j), JsonReportError);
  j = toJson(r);
  j["links"][0]["typo"] = 1;
  EXPECT_THROW(runResultFromJson(j), JsonReportError);
}

}  // namespace
}  // namespace harness::report::html

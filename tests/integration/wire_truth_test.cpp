// Wire truth end to end: JUnit output, pcaps that tcpdump reads and that
// agree with labrun's own summary, and a wrong expectation that fails with
// expected vs seen and the pcap path.
#include <gtest/gtest.h>
#include <tinyxml2.h>

#include <filesystem>
#include <regex>

#include "harness/capture/capture.h"
#include "labrun_cli.h"

namespace fs = std::filesystem;
using namespace labrun_test;

TEST(WireTruth, GrePlainJunitAndPcapsAgreeWithTcpdump) {
  const auto junit = scratchFile("out.xml");
  const auto artifacts = scratchFile("artifacts");
  auto r = labrun({"scenario", "gre-plain", "--lab", "it-wire", "--junit", junit.string(), "--artifacts",
                   artifacts.string()});
  ASSERT_EQ(r.exitCode, 0) << r.out;

  tinyxml2::XMLDocument doc;
  ASSERT_EQ(doc.LoadFile(junit.c_str()), tinyxml2::XML_SUCCESS) << doc.ErrorStr();
  auto* suite = doc.FirstChildElement("testsuites")->FirstChildElement("testsuite");
  ASSERT_NE(suite, nullptr);
  EXPECT_STREQ(suite->Attribute("name"), "gre-plain");
  EXPECT_EQ(suite->IntAttribute("tests"), 4);
  EXPECT_EQ(suite->IntAttribute("failures"), 0);
  int cases = 0;
  for (auto* tc = suite->FirstChildElement("testcase"); tc; tc = tc->NextSiblingElement("testcase")) {
    ++cases;
    EXPECT_EQ(tc->FirstChildElement("failure"), nullptr);
  }
  EXPECT_EQ(cases, 4);

  // The segment's pcap: tcpdump reads it, and its view matches labrun's.
  const auto pcap = artifacts / "tunnel-A-eth0.pcap";
  ASSERT_TRUE(fs::exists(pcap));
  lab::sys::RunOptions o;
  o.package = "tcpdump";
  auto td = lab::sys::run({"tcpdump", "-nn", "-r", pcap.string()}, o);
  ASSERT_EQ(td.exitCode, 0) << td.out;
  const std::regex greIcmp(R"(IP 1\.0\.0\.[45] > 1\.0\.0\.[45]: GREv0, length \d+: IP 10\.0\.0\.[12] > 10\.0\.0\.[12]: ICMP echo)");
  auto tcpdumpCount = std::distance(std::sregex_iterator(td.out.begin(), td.out.end(), greIcmp), std::sregex_iterator());
  auto packets = harness::capture::decodeFile(pcap);
  long labrunCount = 0;
  for (const auto& p : packets) labrunCount += p.stackStr() == "ip/gre/ip/icmp";
  EXPECT_GT(labrunCount, 0);
  EXPECT_EQ(tcpdumpCount, labrunCount) << td.out;
  // The decoded summary beside the pcap says the same.
  auto summary = readFile(artifacts / "tunnel-A-eth0.txt");
  EXPECT_NE(summary.find("GREv0"), std::string::npos) << summary;
  fs::remove_all(junit.parent_path());
}

TEST(WireTruth, WrongExpectationFailsShowingExpectedSeenAndPcap) {
  const auto artifacts = scratchFile("wrong");
  const auto junit = scratchFile("wrong.xml");
  auto r = labrun({"scenario", kSource + "/tests/scenarios/gre-expects-esp.yaml", "--lab", "it-wrong",
                   "--artifacts", artifacts.string(), "--junit", junit.string()});
  EXPECT_EQ(r.exitCode, 1) << r.out;
  EXPECT_NE(r.out.find("expected esp"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("expected never icmp"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ip/gre/ip/icmp 1.0.0.4 > 1.0.0.5"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("pcap: " + (artifacts / "tunnel-A-eth0.pcap").string()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 passed, 1 failed"), std::string::npos) << r.out;
  tinyxml2::XMLDocument doc;
  ASSERT_EQ(doc.LoadFile(junit.c_str()), tinyxml2::XML_SUCCESS);
  EXPECT_EQ(doc.FirstChildElement("testsuites")->FirstChildElement("testsuite")->IntAttribute("failures"), 1);
  EXPECT_TRUE(labNamespaces("it-wrong").empty());
  fs::remove_all(junit.parent_path());
}

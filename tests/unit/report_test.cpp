#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <tinyxml2.h>

#include "harness/report/console_report.h"
#include "harness/report/json_report.h"
#include "harness/report/junit_report.h"
#include "harness/report/result.h"

namespace harness::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

RunResult sample() {
  RunResult r;
  r.scenario = "nat-c";
  r.lab = "lr-natc";
  r.kernel = "uml";
  r.kernelWhy = "host kernel has no GRE device";
  r.checks = {
      {"left is the public address", "C rejected: cannot-identify-ourselves", Verdict::Pass, "",
       0.412},
      {"no leftid", "A notify: INVALID_ID_INFORMATION", Verdict::Fail,
       "expected: INVALID_ID_INFORMATION\nseen: AUTHENTICATION_FAILED (IKEv2)", 3.0 / 7.0},
      {"no leftid", "tunnel down", Verdict::Error, "pluto did not start\nsee pluto.log", 1e-9},
      {"leftid fixes it", "wire nat-outside shows udp4500-esp", Verdict::Skip,
       "kernel lacks ESP", 0},
  };
  r.times = {2.125, 0.5, 14.2, 0.3};
  r.artifactsDir = "/run/lr/natc-1";
  r.guestMemoryMiB = 61.25;
  r.daemons = {{"A", "libreswan", "4.3", "4.3-1+deb11u4", "bullseye", "", "s1"},
               {"C", "strongSwan", "5.9.8", "5.9.8-5+deb12u6", "", "bookworm", "s1"},
               {"C", "libreswan", "4.10", "4.10-2+deb12u1", "bookworm", "", "upgraded"}};
  r.error = "";
  r.exitCode = 1;
  return r;
}

void expectSame(const RunResult& a, const RunResult& b) {
  EXPECT_EQ(a.scenario, b.scenario);
  EXPECT_EQ(a.lab, b.lab);
  EXPECT_EQ(a.kernel, b.kernel);
  EXPECT_EQ(a.kernelWhy, b.kernelWhy);
  ASSERT_EQ(a.checks.size(), b.checks.size());
  for (std::size_t i = 0; i < a.checks.size(); ++i) {
    EXPECT_EQ(a.checks[i].stage, b.checks[i].stage);
    EXPECT_EQ(a.checks[i].check, b.checks[i].check);
    EXPECT_EQ(a.checks[i].verdict, b.checks[i].verdict);
    EXPECT_EQ(a.checks[i].detail, b.checks[i].detail);
    EXPECT_EQ(a.checks[i].seconds, b.checks[i].seconds);  // bit-exact
  }
  EXPECT_EQ(a.times.boot, b.times.boot);
  EXPECT_EQ(a.times.build, b.times.build);
  EXPECT_EQ(a.times.checks, b.times.checks);
  EXPECT_EQ(a.times.teardown, b.times.teardown);
  EXPECT_EQ(a.artifactsDir, b.artifactsDir);
  EXPECT_EQ(a.guestMemoryMiB, b.guestMemoryMiB);
  ASSERT_EQ(a.daemons.size(), b.daemons.size());
  for (std::size_t i = 0; i < a.daemons.size(); ++i) EXPECT_EQ(a.daemons[i].describe(), b.daemons[i].describe());
  EXPECT_EQ(a.error, b.error);
  EXPECT_EQ(a.exitCode, b.exitCode);
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "report_test.XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void writeText(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

std::string readText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// ---- verdictName ----------------------------------------------------------

TEST(VerdictName, NamesEveryVerdict) {
  EXPECT_STREQ(verdictName(Verdict::Pass), "pass");
  EXPECT_STREQ(verdictName(Verdict::Fail), "fail");
  EXPECT_STREQ(verdictName(Verdict::Error), "error");
  EXPECT_STREQ(verdictName(Verdict::Skip), "skip");
}

// ---- JSON -----------------------------------------------------------------

TEST(JsonReport, RoundTripsInMemory) {
  RunResult r = sample();
  r.error = "UML guest died\nexit 137";
  r.exitCode = -3;
  expectSame(r, runResultFromJson(toJson(r)));
}

TEST(JsonReport, RoundTripsThroughAFile) {
  TempDir dir;
  RunResult r = sample();
  r.checks[0].detail = "quotes \" backslash \\ tab \t nul-free \x01 unicode \xE4\xB8\xAD";
  writeJson(r, dir.path() / "result.json");
  expectSame(r, readJson(dir.path() / "result.json"));
  EXPECT_EQ(fs::directory_iterator(dir.path())->path().filename(), "result.json")
      << "no temporary file left behind";
}

TEST(JsonReport, RoundTripsTheProcessProfile) {
  RunResult r = sample();
  r.processes.build = 70;
  r.processes.checks = 131;
  r.processes.teardown = 16;
  r.processes.started = {{"whack", 17}, {"addconn", 6}};
  const auto back = runResultFromJson(toJson(r));
  EXPECT_EQ(back.processes.build, 70);
  EXPECT_EQ(back.processes.checks, 131);
  EXPECT_EQ(back.processes.teardown, 16);
  EXPECT_EQ(back.processes.started, r.processes.started);
  auto j = toJson(r);
  j["processes"]["started"]["whack"] = "many";
  EXPECT_THROW(runResultFromJson(j), JsonReportError);
}

TEST(JsonReport, RoundTripsAnEmptyRun) {
  RunResult r;
  expectSame(r, runResultFromJson(toJson(r)));
}

TEST(JsonReport, WritesVerdictsByName) {
  auto j = toJson(sample());
  EXPECT_EQ(j["checks"][1]["verdict"], "fail");
  EXPECT_EQ(j["format"], "labrun-result");
}

std::string errorOf(const nlohmann::json& j) {
  try {
    runResultFromJson(j);
  } catch (const JsonReportError& e) {
    return e.what();
  }
  return "(no exception)";
}

TEST(JsonReport, RejectsMalformedStructureNamingThePath) {
  auto good = toJson(sample());

  EXPECT_THAT(errorOf(nlohmann::json::array()), HasSubstr("$: expected an object"));

  auto j = good;
  j.erase("scenario");
  EXPECT_THAT(errorOf(j), HasSubstr("$.scenario: missing field"));

  j = good;
  j["checks"][2]["verdict"] = "passed";
  EXPECT_THAT(errorOf(j), HasSubstr("$.checks[2].verdict: unknown verdict \"passed\""));

  j = good;
  j["checks"][0]["seconds"] = "fast";
  EXPECT_THAT(errorOf(j), HasSubstr("$.checks[0].seconds: expected a number"));

  j = good;
  j["times"]["boot"] = -1;
  EXPECT_THAT(errorOf(j), HasSubstr("$.times.boot: expected seconds >= 0"));

  j = good;
  j["exitCode"] = 1.5;
  EXPECT_THAT(errorOf(j), HasSubstr("$.exitCode: expected an integer"));

  j = good;
  j["exitCode"] = 1LL << 40;
  EXPECT_THAT(errorOf(j), HasSubstr("$.exitCode: integer out of range"));

  j = good;
  j["checks"] = nlohmann::json::object();
  EXPECT_THAT(errorOf(j), HasSubstr("$.checks: expected an array"));

  j = good;
  j["chekcs"] = nlohmann::json::array();
  EXPECT_THAT(errorOf(j), HasSubstr("$.chekcs: unknown field"));

  j = good;
  j["version"] = 99;
  EXPECT_THAT(errorOf(j), HasSubstr("$.version: unsupported version 99"));

  EXPECT_THAT(errorOf(nlohmann::json{{"name", "x"}}), HasSubstr("$.format: missing field"));
}

TEST(JsonReport, ReadJsonRejectsGarbageFilesClearly) {
  TempDir dir;
  auto expectError = [&](const std::string& text, const std::string& needle) {
    fs::path p = dir.path() / "result.json";
    writeText(p, text);
    try {
      readJson(p);
      ADD_FAILURE() << "accepted: " << text;
    } catch (const JsonReportError& e) {
      EXPECT_THAT(e.what(), HasSubstr(p.string())) << "names the file";
      EXPECT_THAT(e.what(), HasSubstr(needle));
    }
  };
  expectError("", "labrun result is empty");
  expectError("  \n", "labrun result is empty");
  expectError("{\"format\": \"labrun-result\", ", "not valid JSON");
  expectError("\x7f" "ELF\x02\x01", "not valid JSON");
  expectError("[1,2,3]", "$: expected an object");
  expectError("{\"format\": \"junit\"}", "$.format: expected \"labrun-result\"");

  EXPECT_THROW(readJson(dir.path() / "missing.json"), JsonReportError);
}

TEST(JsonReport, WriteJsonSurvivesInvalidUtf8) {
  TempDir dir;
  RunResult r = sample();
  r.checks[0].detail = "log bytes \xff\xfe end";
  writeJson(r, dir.path() / "r.json");
  EXPECT_EQ(readJson(dir.path() / "r.json").checks[0].detail, "log bytes \xEF\xBF\xBD\xEF\xBF\xBD end");
}

// ---- JUnit ----------------------------------------------------------------

struct ParsedJunit {
  tinyxml2::XMLDocument doc;
  const tinyxml2::XMLElement* root = nullptr;
};

void parseJunit(const std::string& xml, ParsedJunit& out) {
  ASSERT_EQ(out.doc.Parse(xml.c_str(), xml.size()), tinyxml2::XML_SUCCESS)
      << out.doc.ErrorStr() << "\n" << xml;
  out.root = out.doc.RootElement();
  ASSERT_NE(out.root, nullptr);
  ASSERT_STREQ(out.root->Name(), "testsuites");
}

std::string attr(const tinyxml2::XMLElement* e, const char* name) {
  const char* v = e->Attribute(name);
  return v ? v : "(missing)";
}

TEST(JunitReport, OneSuitePerRunWithTheRightCounts) {
  RunResult a = sample();
  RunResult b = sample();
  b.scenario = "gre-plain";
  b.checks.resize(1);
  b.error = "lab build failed: RTNETLINK answers: Operation not supported";
  TempDir dir;
  writeJunit({a, b}, dir.path() / "junit.xml");
  ParsedJunit p;
  parseJunit(readText(dir.path() / "junit.xml"), p);

  EXPECT_EQ(attr(p.root, "tests"), "6");
  EXPECT_EQ(attr(p.root, "failures"), "1");
  EXPECT_EQ(attr(p.root, "errors"), "2");
  EXPECT_EQ(attr(p.root, "skipped"), "1");

  const auto* s1 = p.root->FirstChildElement("testsuite");
  ASSERT_NE(s1, nullptr);
  EXPECT_EQ(attr(s1, "name"), "nat-c");
  EXPECT_EQ(attr(s1, "tests"), "4");
  EXPECT_EQ(attr(s1, "failures"), "1");
  EXPECT_EQ(attr(s1, "errors"), "1");
  EXPECT_EQ(attr(s1, "skipped"), "1");
  EXPECT_EQ(attr(s1, "time"), "17.125");

  std::map<std::string, const tinyxml2::XMLElement*> byName;
  int cases = 0;
  for (auto* tc = s1->FirstChildElement("testcase"); tc; tc = tc->NextSiblingElement("testcase")) {
    byName[attr(tc, "name")] = tc;
    ++cases;
  }
  EXPECT_EQ(cases, 4);
  const auto* pass = byName["C rejected: cannot-identify-ourselves"];
  ASSERT_NE(pass, nullptr);
  EXPECT_EQ(attr(pass, "classname"), "labrun.nat-c.left is the public address");
  EXPECT_EQ(attr(pass, "time"), "0.412");
  EXPECT_EQ(pass->FirstChildElement(), nullptr);

  const auto* fail = byName["A notify: INVALID_ID_INFORMATION"];
  ASSERT_NE(fail, nullptr);
  const auto* failure = fail->FirstChildElement("failure");
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(attr(failure, "message"), "expected: INVALID_ID_INFORMATION");
  EXPECT_STREQ(failure->GetText(),
               "expected: INVALID_ID_INFORMATION\nseen: AUTHENTICATION_FAILED (IKEv2)");

  const auto* err = byName["tunnel down"];
  ASSERT_NE(err, nullptr);
  ASSERT_NE(err->FirstChildElement("error"), nullptr);
  EXPECT_EQ(attr(err, "time"), "0.000");

  const auto* skip = byName["wire nat-outside shows udp4500-esp"];
  ASSERT_NE(skip, nullptr);
  EXPECT_NE(skip->FirstChildElement("skipped"), nullptr);

  const auto* s2 = s1->NextSiblingElement("testsuite");
  ASSERT_NE(s2, nullptr);
  EXPECT_EQ(attr(s2, "name"), "gre-plain");
  EXPECT_EQ(attr(s2, "tests"), "2");
  EXPECT_EQ(attr(s2, "errors"), "1");
  EXPECT_EQ(attr(s2, "failures"), "0");
  const tinyxml2::XMLElement* runCase = nullptr;
  for (auto* tc = s2->FirstChildElement("testcase"); tc; tc = tc->NextSiblingElement("testcase"))
    if (attr(tc, "name") == "run") runCase = tc;
  ASSERT_NE(runCase, nullptr);
  ASSERT_NE(runCase->FirstChildElement("error"), nullptr);
  EXPECT_THAT(runCase->FirstChildElement("error")->GetText(), HasSubstr("RTNETLINK"));
  EXPECT_EQ(s2->NextSiblingElement("testsuite"), nullptr);
}

TEST(JunitReport, NamesEachDaemonWithItsReleaseAndExactVersion) {
  const std::string xml = junitXml({sample()});
  EXPECT_NE(xml.find(R"x(<property name="daemon.A" value="libreswan 4.3 (4.3-1+deb11u4, bullseye)"/>)x"),
            std::string::npos) << xml;
  EXPECT_NE(xml.find(R"x(<property name="daemon.C" value="strongSwan 5.9.8 (5.9.8-5+deb12u6, this machine&apos;s bookworm)"/>)x"),
            std::string::npos) << xml;
  // C moved to another release mid-run: its second daemon is keyed by stage.
  EXPECT_NE(xml.find(R"x(<property name="daemon.C@upgraded" value="libreswan 4.10 (4.10-2+deb12u1, bookworm)"/>)x"),
            std::string::npos) << xml;
}

TEST(JunitReport, CreatesMissingDirectories) {
  TempDir dir;
  writeJunit({sample()}, dir.path() / "ci-artifacts" / "nat-c.xml");
  ParsedJunit p;
  parseJunit(readText(dir.path() / "ci-artifacts" / "nat-c.xml"), p);
}

TEST(JunitReport, NoRunsIsStillValid) {
  ParsedJunit p;
  parseJunit(junitXml({}), p);
  EXPECT_EQ(attr(p.root, "tests"), "0");
  EXPECT_EQ(p.root->FirstChildElement(), nullptr);
}

TEST(JunitReport, EscapesMarkupAndDropsControlCharacters) {
  RunResult r;
  r.scenario = "a<b>&\"c'";
  r.checks = {{"stage \"1\" & <2>", "ping <A> & \"B\"\x01\x1b[31m", Verdict::Fail,
               "", 1}};
  r.checks[0].detail = std::string("expected <ESP> & \"GRE\" ]]> \x07") + '\0' +
                       "bell\ttab\r\nnext \xC2\x85line \xff";
  std::string xml = junitXml({r});
  EXPECT_THAT(xml, Not(HasSubstr("\x01"))) << "control characters dropped";
  EXPECT_THAT(xml, Not(HasSubstr("\x1b")));
  EXPECT_THAT(xml, Not(HasSubstr("\x07")));
  EXPECT_EQ(xml.find('\0'), std::string::npos);

  ParsedJunit p;
  parseJunit(xml, p);
  const auto* suite = p.root->FirstChildElement("testsuite");
  ASSERT_NE(suite, nullptr);
  EXPECT_EQ(attr(suite, "name"), "a<b>&\"c'");
  const auto* tc = suite->FirstChildElement("testcase");
  ASSERT_NE(tc, nullptr);
  EXPECT_EQ(attr(tc, "classname"), "labrun.a<b>&\"c'.stage \"1\" & <2>");
  EXPECT_EQ(attr(tc, "name"), "ping <A> & \"B\"[31m");
  const auto* failure = tc->FirstChildElement("failure");
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(attr(failure, "message"), "expected <ESP> & \"GRE\" ]]> bell\ttab\r");
  ASSERT_NE(failure->GetText(), nullptr);
  EXPECT_EQ(std::string(failure->GetText()),
            "expected <ESP> & \"GRE\" ]]> bell\ttab\r\nnext line \xEF\xBF\xBD");
}

TEST(XmlEscape, EscapesAttributesAndText) {
  EXPECT_EQ(xmlAttr("<&\">'"), "&lt;&amp;&quot;&gt;&apos;");
  EXPECT_EQ(xmlText("<&\">'"), "&lt;&amp;\"&gt;'");
  EXPECT_EQ(xmlAttr("a\nb\tc\rd"), "a&#10;b&#9;c&#13;d");
  EXPECT_EQ(xmlText("a\nb\tc"), "a\nb\tc");
  EXPECT_EQ(xmlText(std::string("x\x01y\x1f") + '\0' + "z\x7f"), "xyz");
  EXPECT_EQ(xmlText("\xE4\xB8\xAD\xE6\x96\x87"), "\xE4\xB8\xAD\xE6\x96\x87");   // kept
  EXPECT_EQ(xmlText("\xEF\xBF\xBF"), "");                                        // U+FFFF
  EXPECT_EQ(xmlText("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                    // overlong
  EXPECT_EQ(xmlText("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");    // surrogate
}

// ---- console --------------------------------------------------------------

TEST(FormatDuration, PicksAReadableUnit) {
  EXPECT_EQ(formatDuration(0), "0ms");
  EXPECT_EQ(formatDuration(0.3404), "340ms");
  EXPECT_EQ(formatDuration(0.9996), "1.0s");
  EXPECT_EQ(formatDuration(2.44), "2.4s");
  EXPECT_EQ(formatDuration(59.94), "59.9s");
  EXPECT_EQ(formatDuration(59.96), "1m00s");
  EXPECT_EQ(formatDuration(65), "1m05s");
  EXPECT_EQ(formatDuration(3725), "1h02m");
  EXPECT_EQ(formatDuration(-1), "-");
  EXPECT_EQ(formatDuration(std::numeric_limits<double>::quiet_NaN()), "-");
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

TEST(ConsoleReport, TableListsEveryCheckAndTheSummary) {
  RunResult r = sample();
  std::ostringstream os;
  printTable(os, r, false);
  const std::string out = os.str();
  for (const auto& c : r.checks) {
    EXPECT_THAT(out, HasSubstr(c.stage));
    EXPECT_THAT(out, HasSubstr(c.check));
  }
  EXPECT_THAT(out, Not(HasSubstr("\033"))) << "no colour unless asked";
  auto ls = lines(out);
  EXPECT_THAT(ls, ::testing::Contains("1 passed, 1 failed, 1 errored, 1 skipped"));
  EXPECT_THAT(out, HasSubstr("kernel: uml (host kernel has no GRE device)"));
  EXPECT_THAT(out, HasSubstr("times: boot 2.1s, build 500ms, checks 14.2s, teardown 300ms"));
  EXPECT_THAT(out, HasSubstr("artifacts: /run/lr/natc-1"));
  EXPECT_THAT(ls, ::testing::Contains(HasSubstr("    seen: AUTHENTICATION_FAILED (IKEv2)")))
      << "details indented under the row";

  // Columns line up: every row's verdict starts where the header's does.
  std::size_t col = std::string::npos;
  for (const auto& l : ls)
    if (l.rfind("STAGE", 0) == 0) col = l.find("VERDICT");
  ASSERT_NE(col, std::string::npos);
  for (const auto& c : r.checks)
    for (const auto& l : ls)
      if (l.rfind(c.stage, 0) == 0 && l.find(c.check) != std::string::npos) {
        std::string v = l.substr(col, 4);
        EXPECT_TRUE(v == "PASS" || v == "FAIL" || v == "ERRO" || v == "SKIP") << l;
      }
}

TEST(ConsoleReport, SummaryOmitsZeroSkipsAndColoursOnlyOnRequest) {
  RunResult r = sample();
  r.checks.resize(2);
  EXPECT_EQ(summaryLine(r), "1 passed, 1 failed");
  std::ostringstream os;
  printTable(os, r, true);
  EXPECT_THAT(os.str(), HasSubstr("\033[32mPASS\033[0m"));
  EXPECT_THAT(os.str(), HasSubstr("\033[1;31mFAIL\033[0m"));
  EXPECT_THAT(lines(os.str()), ::testing::Contains("1 passed, 1 failed"));
}

TEST(ConsoleReport, RunErrorIsShownAndCounted) {
  RunResult r;
  r.scenario = "gre-plain";
  r.error = "no GRE in this kernel\ntry --kernel uml";
  std::ostringstream os;
  printTable(os, r, false);
  EXPECT_THAT(os.str(), HasSubstr("no GRE in this kernel"));
  EXPECT_THAT(os.str(), HasSubstr("(no checks ran)"));
  EXPECT_THAT(lines(os.str()), ::testing::Contains("0 passed, 0 failed, 1 errored"));
}

TEST(ConsoleReport, ProgressLines) {
  std::ostringstream os;
  printRunStart(os, "nat-c", "uml", "host kernel has no GRE device");
  printStage(os, "no leftid");
  printCheck(os, sample().checks[1], false);
  printCheck(os, sample().checks[0], false);
  EXPECT_THAT(os.str(), HasSubstr("==> nat-c on the uml kernel (host kernel has no GRE device)\n"));
  EXPECT_THAT(os.str(), HasSubstr("--- stage: no leftid\n"));
  EXPECT_THAT(os.str(), HasSubstr("FAIL   A notify: INVALID_ID_INFORMATION  (429ms)\n"));
  EXPECT_THAT(os.str(), HasSubstr("seen: AUTHENTICATION_FAILED"));
  EXPECT_THAT(os.str(), HasSubstr("PASS   C rejected: cannot-identify-ourselves  (412ms)\n"));
}

TEST(ConsoleReport, TerminalEscapesFromLogsAreNeutralised) {
  RunResult r = sample();
  r.checks[1].detail = "evil \033]0;title\007 text";
  std::ostringstream os;
  printTable(os, r, false);
  EXPECT_THAT(os.str(), Not(HasSubstr("\033")));
}

}  // namespace
}  // namespace harness::report

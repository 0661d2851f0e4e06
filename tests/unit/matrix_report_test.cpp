// labrun matrix: judging cases, the table, the JSON report and merging shards.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "harness/matrix/known_unsupported.h"
#include "harness/matrix/matrix_report.h"
#include "harness/matrix/matrix_table.h"
#include "harness/report/json_report.h"
#include "harness/scenario/parser.h"
#include "lab/sys/error.h"

namespace harness::matrix {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

MatrixCase ikeCase(const std::string& pairing, int v, const std::string& auth) {
  MatrixCase c;
  c.scenario = "tun";
  c.pairing = pairing;
  c.ikeVersion = v;
  c.auth = auth;
  c.stages = {"one", "two"};
  c.id = "tun/" + pairing + "/v" + std::to_string(v) + "/" + auth;
  return c;
}

RunResult passed(const MatrixCase& c) {
  RunResult r;
  r.scenario = c.scenario;
  r.lab = "m1";
  r.kernel = "uml";
  r.checks = {{"one", "tunnel up", Verdict::Pass, "", 1.5}, {"two", "ping A -> 10.0.0.2", Verdict::Pass, "", 0.5}};
  return r;
}

RunResult failed(const MatrixCase& c) {
  RunResult r = passed(c);
  r.checks[0].verdict = Verdict::Fail;
  r.checks[0].detail =
      "IKE SA up, IPsec SA not installed after 15.2s\noutcome no-response at A (libreswan): the peer does not answer";
  r.exitCode = lab::sys::kExitCheckFailed;
  return r;
}

// A whole matrix: 2 pairings x 2 versions x 2 auth, half of them failing.
MatrixReport fullReport() {
  MatrixReport m;
  m.kernel = "uml";
  m.jobs = 2;
  m.wallSeconds = 12.5;
  for (const char* p : {"libreswan", "A=libreswan,B=strongswan"})
    for (int v : {1, 2})
      for (const char* a : {"psk", "rsa"}) {
        MatrixCase c = ikeCase(p, v, a);
        m.cases.push_back(judgeCase(c, v == 1 ? failed(c) : passed(c), false, 2.5, 120));
      }
  std::sort(m.cases.begin(), m.cases.end(), [](const auto& x, const auto& y) { return x.c.id < y.c.id; });
  for (std::size_t i = 0; i < m.cases.size(); ++i) m.cases[i].c.index = static_cast<int>(i);
  m.total = static_cast<int>(m.cases.size());
  return m;
}

std::vector<std::string> ids(const MatrixReport& m) {
  std::vector<std::string> out;
  for (const auto& o : m.cases) out.push_back(o.c.id);
  return out;
}

TEST(MatrixJudge, StatusFromExitCodeAndTimeout) {
  auto c = ikeCase("libreswan", 2, "psk");
  EXPECT_EQ(judgeCase(c, passed(c), false, 1, 120).status, CaseStatus::Pass);
  EXPECT_EQ(judgeCase(c, failed(c), false, 1, 120).status, CaseStatus::Fail);
  auto t = judgeCase(c, passed(c), true, 121, 120);
  EXPECT_EQ(t.status, CaseStatus::Timeout);
  EXPECT_THAT(t.note, HasSubstr("120 s"));
  RunResult env;
  env.exitCode = lab::sys::kExitEnvironment;
  env.error = "no strongswan";
  EXPECT_EQ(judgeCase(c, env, false, 1, 120).status, CaseStatus::Error);
}

TEST(MatrixJudge, KnownUnsupportedTableMatchesByFields) {
  const std::vector<UnsupportedCombination> table = {
      {"*", "A=libreswan,B=strongswan", 1, "*", "because"}};
  EXPECT_TRUE(knownUnsupported(ikeCase("A=libreswan,B=strongswan", 1, "rsa"), {}, table));
  EXPECT_FALSE(knownUnsupported(ikeCase("A=libreswan,B=strongswan", 2, "rsa"), {}, table));
  EXPECT_FALSE(knownUnsupported(ikeCase("libreswan", 1, "psk"), {}, table));
  MatrixCase plain;
  plain.id = plain.scenario = "plain";
  EXPECT_FALSE(knownUnsupported(plain, {}, {{"*", "*", 0, "*", "all"}}));
}

TEST(MatrixJudge, KnownUnsupportedEntriesAreKeyedByVersions) {
  const std::vector<UnsupportedCombination> table = {
      {"*", "libreswan", 2, "*", "TS_UNACCEPTABLE", {{"libreswan", {"4.10", ""}}}}};
  auto c = ikeCase("libreswan", 2, "psk");
  auto ran = [](const std::string& v) {
    return std::vector<DaemonInfo>{{"A", "libreswan", v, "", "", "", "s"}, {"B", "libreswan", v, "", "", "", "s"}};
  };
  EXPECT_TRUE(knownUnsupported(c, ran("4.10"), table));
  EXPECT_TRUE(knownUnsupported(c, ran("5.2"), table));   // open upwards: a newer one that passes shows as stale
  EXPECT_FALSE(knownUnsupported(c, ran("4.3"), table));  // never seen failing there: a failure is a FAIL
  EXPECT_TRUE(knownUnsupported(c, {}, table));           // not run: versions unknown
  // A shipped entry that a newer daemon fixes shows as stale, naming both.
  MatrixCase nb = ikeCase("libreswan", 2, "rsa");
  nb.scenario = "nat-c-article";  // keyed libreswan >= 4.10
  RunResult r = passed(nb);
  r.daemons = ran("5.2");
  auto o = judgeCase(nb, r, false, 1, 120);
  EXPECT_EQ(o.status, CaseStatus::Pass);
  EXPECT_THAT(o.note, HasSubstr("listed as unsupported for libreswan >= 4.10"));
  EXPECT_THAT(o.note, HasSubstr("but passed with libreswan 5.2"));
  EXPECT_THAT(o.note, HasSubstr("stale"));
  // One that failed on a version the entry does not cover is a FAIL.
  RunResult f = failed(nb);
  f.daemons = ran("4.3");
  EXPECT_EQ(judgeCase(nb, f, false, 1, 120).status, CaseStatus::Fail);
  f.daemons = ran("4.10");
  EXPECT_EQ(judgeCase(nb, f, false, 1, 120).status, CaseStatus::Unsupported);
  // An entry keyed on any end: one libreswan 4.3 end is enough (nat-c IKEv2).
  MatrixCase nc = ikeCase("libreswan", 2, "psk");
  nc.scenario = "nat-c";
  RunResult mixed = failed(nc);
  mixed.daemons = {{"A", "libreswan", "5.2", "", "", "", "s"}, {"C", "libreswan", "4.3", "", "", "", "s"}};
  EXPECT_EQ(judgeCase(nc, mixed, false, 1, 120).status, CaseStatus::Unsupported);
  mixed.daemons[1].version = "5.2";
  EXPECT_EQ(judgeCase(nc, mixed, false, 1, 120).status, CaseStatus::Fail);
}

TEST(MatrixJudge, ShippedUnsupportedEntriesAreComplete) {
  for (const auto& u : kKnownUnsupported) {
    EXPECT_FALSE(u.reason.empty());
    EXPECT_FALSE(u.scenario.empty());
    EXPECT_FALSE(u.pairing.empty());
  }
}

TEST(MatrixCells, StageCellShowsVerdictOutcomeAndTime) {
  auto c = ikeCase("libreswan", 1, "psk");
  auto o = judgeCase(c, failed(c), false, 20, 120);
  auto one = stageCell(o, "one");
  EXPECT_EQ(one.verdict, "FAIL");
  EXPECT_EQ(one.outcome, "no-response@A");
  EXPECT_DOUBLE_EQ(one.seconds, 1.5);
  EXPECT_EQ(stageCell(o, "two").verdict, "PASS");
  auto t = judgeCase(c, RunResult{}, true, 120, 120);
  EXPECT_EQ(stageCell(t, "one").verdict, "TIMEOUT");
  EXPECT_EQ(firstOutcome("nothing here"), "");
}

TEST(MatrixCells, ACaseTheScenarioRulesOutIsNotApplicableAndCountedSo) {
  auto c = ikeCase("strongswan", 1, "psk");
  c.notApplicable = "A runs its own conn (libreswan ipsec.conf syntax, as written): only libreswan can run it";
  CaseOutcome o;
  o.c = c;
  o.status = CaseStatus::Unsupported;
  o.note = "not run: " + c.notApplicable;
  EXPECT_EQ(stageCell(o, "one").verdict, "N/A");
  MatrixReport m;
  m.cases = {o, judgeCase(ikeCase("libreswan", 1, "psk"), passed(ikeCase("libreswan", 1, "psk")), false, 2, 120)};
  m.jobs = 2;
  EXPECT_THAT(matrixSummary(m), HasSubstr("2 cases: 1 passed, 0 failed, 1 unsupported (1 N/A, not run)"));
  // The reason survives the JSON round trip (report merge).
  auto back = matrixFromJson(toJson(m));
  EXPECT_EQ(back.cases[0].c.notApplicable, c.notApplicable);
}

TEST(MatrixExit, CodesFollowTheWorstCase) {
  auto m = fullReport();
  EXPECT_EQ(matrixExitCode(m.cases), 1);
  std::vector<CaseOutcome> ok;
  for (const auto& o : m.cases)
    if (o.status == CaseStatus::Pass) ok.push_back(o);
  EXPECT_EQ(matrixExitCode(ok), 0);
  ok.back().status = CaseStatus::Unsupported;
  EXPECT_EQ(matrixExitCode(ok), 0);
  ok.back().status = CaseStatus::Error;
  EXPECT_EQ(matrixExitCode(ok), 3);
  ok.back().status = CaseStatus::Interrupted;
  EXPECT_EQ(matrixExitCode(ok), 130);
}

TEST(MatrixTable, RowsAreStagesColumnsArePairingsAndVersions) {
  auto m = fullReport();
  std::ostringstream os;
  printMatrixTable(os, m, false);
  const std::string t = os.str();
  EXPECT_THAT(t, HasSubstr("IKE auth psk"));
  EXPECT_THAT(t, HasSubstr("IKE auth rsa"));
  EXPECT_THAT(t, HasSubstr("tun / one"));
  EXPECT_THAT(t, HasSubstr("lsw+ssw v1"));
  EXPECT_THAT(t, HasSubstr("FAIL no-response@A 1.5s"));
  EXPECT_THAT(t, HasSubstr("PASS 1.5s"));
  EXPECT_THAT(t, HasSubstr("8 cases: 4 passed, 4 failed"));
  EXPECT_THAT(t, Not(HasSubstr("bullseye")));  // no release axis: headers as before
  const std::string md = markdownTable(m);
  EXPECT_THAT(md, HasSubstr("| scenario / stage |"));
  EXPECT_THAT(md, HasSubstr("| tun / one |"));
  EXPECT_THAT(md, HasSubstr("FAIL no-response@A"));
}

TEST(MatrixTable, TheReleaseAxisShowsEachColumnsReleasesAndVersions) {
  MatrixReport m;
  auto c = ikeCase("A=libreswan,B=strongswan", 2, "psk");
  c.releases = "A=bullseye,B=trixie";
  RunResult r = passed(c);
  r.daemons = {{"A", "libreswan", "4.3", "4.3-1+deb11u4", "bullseye", "", "one"},
               {"B", "strongSwan", "6.0.1", "6.0.1-6", "trixie", "", "one"}};
  m.cases.push_back(judgeCase(c, r, false, 1, 120));
  std::ostringstream os;
  printMatrixTable(os, m, false);
  EXPECT_THAT(os.str(), HasSubstr("lsw+ssw v2 bullseye+trixie 4.3/6.0.1"));
  EXPECT_THAT(markdownTable(m), HasSubstr("lsw+ssw v2 bullseye+trixie 4.3/6.0.1"));
}

TEST(MatrixReportJson, RoundTripsExactly) {
  auto m = fullReport();
  m.shard = "2/3";
  auto back = matrixFromJson(toJson(m));
  EXPECT_EQ(toJson(back), toJson(m));
  EXPECT_EQ(back.shard, "2/3");
  EXPECT_EQ(back.cases[0].c.stages, m.cases[0].c.stages);
}

TEST(MatrixReportJson, ReaderIsStrict) {
  auto j = toJson(fullReport());
  auto unknown = j;
  unknown["extra"] = 1;
  EXPECT_THROW(matrixFromJson(unknown), report::JsonReportError);
  auto missing = j;
  missing["cases"][0].erase("status");
  EXPECT_THROW(matrixFromJson(missing), report::JsonReportError);
  auto badStatus = j;
  badStatus["cases"][0]["status"] = "great";
  EXPECT_THROW(matrixFromJson(badStatus), report::JsonReportError);
  auto format = j;
  format["format"] = "junit";
  EXPECT_THROW(matrixFromJson(format), report::JsonReportError);
}

TEST(MatrixMerge, ShardsMergeIntoTheFullCaseList) {
  const auto full = fullReport();
  for (int n = 1; n <= 4; ++n) {
    std::vector<MatrixReport> parts;
    for (int i = 1; i <= n; ++i) {
      MatrixReport part = full;
      part.shard = std::to_string(i) + "/" + std::to_string(n);
      part.cases.clear();
      for (std::size_t p = 0; p < full.cases.size(); ++p)
        if (static_cast<int>(p % n) == i - 1) part.cases.push_back(full.cases[p]);
      parts.push_back(matrixFromJson(toJson(part)));  // through the file format
    }
    auto merged = mergeReports(parts);
    EXPECT_EQ(ids(merged), ids(full)) << n;
    EXPECT_EQ(merged.total, full.total);
    EXPECT_EQ(merged.kernel, "uml");
    EXPECT_EQ(toJson(merged)["cases"], toJson(full)["cases"]);
  }
}

TEST(MatrixMerge, ADuplicateCaseIsRefused) {
  auto m = fullReport();
  EXPECT_THROW(mergeReports({m, m}), report::JsonReportError);
}

TEST(MatrixJunit, OneSuitePerCaseNamedById) {
  auto m = fullReport();
  auto runs = junitRuns(m);
  ASSERT_EQ(runs.size(), m.cases.size());
  EXPECT_EQ(runs[0].scenario, m.cases[0].c.id);
}

}  // namespace
}  // namespace harness::matrix

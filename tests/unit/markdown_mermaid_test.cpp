// Markdown reports' Mermaid diagrams (harness/report/markdown_mermaid.h,
// harness/matrix/matrix_diagrams.h), from a real nat-c run's JSON.
#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/matrix/matrix_diagrams.h"
#include "harness/report/json_report.h"
#include "harness/report/markdown_mermaid.h"
#include "harness/scenario/parser.h"

namespace harness::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

RunResult natcRun() { return readJson(std::string(LABRUN_FIXTURES) + "/report/nat-c-result.json"); }
ScenarioSpec natcSpec() { return scenario::loadScenario(std::string(LABRUN_SOURCE_DIR) + "/scenarios/nat-c.yaml"); }

TEST(MarkdownMermaid, SpecialCharactersBecomeEntityCodes) {
  EXPECT_EQ(mermaidText("a\"b#c;d<e>f|g\nh"), "a#quot;b#35;c#59;d#lt;e#gt;f#124;g h");
}

TEST(MarkdownMermaid, TopologyShowsTheNatMappingAndDaemons) {
  const std::string f = topologyFlowchart(natcSpec(), natcRun().daemons);
  EXPECT_THAT(f, HasSubstr("```mermaid\nflowchart LR\n"));
  EXPECT_THAT(f, HasSubstr("C: 10.1.0.1 ↔ 1.2.3.4"));
  EXPECT_THAT(f, HasSubstr("outside 1.0.0.254"));
  EXPECT_THAT(f, HasSubstr("libreswan 4.10"));
  EXPECT_THAT(f, HasSubstr("IPsec gre1: IKEv1, RSA, GRE over IPsec, C initiates"));
}

TEST(MarkdownMermaid, StageTwoLadderEndsWithTheDaemonsNotify) {
  const RunResult r = natcRun();
  const ScenarioSpec spec = natcSpec();
  auto it = std::find_if(r.ikeLadders.begin(), r.ikeLadders.end(), [](const auto& x) { return x.stage == "no leftid"; });
  ASSERT_NE(it, r.ikeLadders.end());
  const IkeLadder& l = *it;
  EXPECT_TRUE(stageWantsLadder(checksOf(r, "no leftid")));
  EXPECT_FALSE(stageWantsLadder(checksOf(r, "leftid fixes it")));
  const std::string s = ladderSequence(l, &spec.topology, checksOf(r, l.stage));
  // A, then the NAT, then C: messages between them cross the NAT's lifeline.
  EXPECT_LT(s.find("participant p_A"), s.find("participant p_nat_c"));
  EXPECT_LT(s.find("participant p_nat_c"), s.find("participant p_C"));
  EXPECT_THAT(s, HasSubstr("p_A->>p_C: +0.000s IKEv1 Main Mode #35;1 request"));
  EXPECT_THAT(s, HasSubstr("p_C-->>p_A: "));
  EXPECT_THAT(s, HasSubstr("Note over p_A: "));
  EXPECT_THAT(s, HasSubstr("notify:INVALID_ID_INFORMATION"));
  EXPECT_THAT(s, Not(HasSubstr("Main Mode #5")));  // '#' escaped
}

TEST(MarkdownMermaid, MatrixKeepsItsTableAndDrawsFailedCases) {
  matrix::MatrixReport m;
  matrix::CaseOutcome o;
  o.c.id = "nat-c/libreswan/v1/rsa";
  o.c.scenario = "nat-c";
  o.status = matrix::CaseStatus::Fail;
  o.result = natcRun();
  o.result.checks[0].verdict = Verdict::Fail;  // as if stage 1 had failed
  m.cases.push_back(o);
  m.total = 1;
  const std::string md = matrix::markdownReport(m, {natcSpec()});
  EXPECT_THAT(md, HasSubstr("## labrun matrix"));
  EXPECT_THAT(md, HasSubstr("### Failed cases"));
  EXPECT_THAT(md, HasSubstr("#### nat-c/libreswan/v1/rsa: fail"));
  EXPECT_THAT(md, HasSubstr("flowchart LR"));
  EXPECT_THAT(md, HasSubstr("sequenceDiagram"));
}

TEST(MarkdownMermaid, APassingMatrixDrawsEachScenariosTopologyOnce) {
  matrix::MatrixReport m;
  for (const char* id : {"nat-c/libreswan/v1/psk", "nat-c/libreswan/v2/psk"}) {
    matrix::CaseOutcome o;
    o.c.id = id;
    o.c.scenario = "nat-c";
    o.status = matrix::CaseStatus::Pass;
    o.result = natcRun();
    m.cases.push_back(o);
  }
  m.total = 2;
  const std::string md = matrix::markdownReport(m, {natcSpec()});
  EXPECT_THAT(md, Not(HasSubstr("### Failed cases")));
  EXPECT_THAT(md, HasSubstr("### Topologies\n\n<details><summary>nat-c</summary>"));
  EXPECT_EQ(md.find("flowchart LR"), md.rfind("flowchart LR"));
  EXPECT_THAT(md, HasSubstr("1.2.3.4"));
  EXPECT_THAT(md, Not(HasSubstr("sequenceDiagram")));
}

}  // namespace
}  // namespace harness::report

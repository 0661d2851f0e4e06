#pragma once
// One scenario run as GitHub-flavoured Markdown (labrun scenario/reproduce
// --markdown, e.g. $GITHUB_STEP_SUMMARY): the verdict, the checks as a
// table, the topology as a Mermaid flowchart, and for every stage that
// failed or states a failed negotiation its IKE ladder as a Mermaid
// sequence diagram (markdown_mermaid.h).
#include <string>

#include "harness/report/result.h"
#include "harness/scenario/scenario_spec.h"

namespace harness::report {

// A Markdown table cell: '|' escaped, line breaks as spaces.
std::string markdownCell(std::string_view s);

// A fenced code block that the text cannot close early.
std::string markdownFence(const std::string& text, const std::string& info = "");

// The topology (spec may be null: no flowchart) and the ladders of the
// stages stageWantsLadder picks, under headings of level `level`.
std::string runDiagrams(const RunResult& r, const ScenarioSpec* spec, int level);

// The whole report of one run, from "## labrun scenario NAME: VERDICT" on.
std::string runMarkdown(const RunResult& r, const ScenarioSpec* spec);

}  // namespace harness::report

#pragma once
// Mermaid diagrams for Markdown reports (GitHub renders ```mermaid blocks in
// job summaries): the topology as a flowchart, a stage's IKE ladder as a
// sequence diagram. Every text that comes from a scenario, a daemon or the
// wire goes through mermaidText, so quotes, '#', ';', '<', '>' cannot end a
// label or a statement early.
#include <string>
#include <string_view>
#include <vector>

#include "harness/report/result.h"
#include "harness/scenario/scenario_spec.h"

namespace harness::report {

// Text safe inside a Mermaid label or message: '"' '#' ';' '<' '>' '&' '|'
// '`' '{' '}' become Mermaid entity codes (#quot;, #35;, ...), line breaks spaces.
std::string mermaidText(std::string_view s);

// ```mermaid flowchart: segments with their subnets, the router, each 1:1
// NAT with its inside/outside addresses and mappings (10.1.0.1 ↔ 1.2.3.4),
// hosts with their addresses and daemons (daemons: from a run, exact
// versions; empty: the scenario's implementation names), GRE tunnels with
// their inner addresses and IPsec connections (IKE version, auth, mode,
// initiator). Ends with a newline.
std::string topologyFlowchart(const ScenarioSpec& spec, const std::vector<DaemonInfo>& daemons);

// ```mermaid sequenceDiagram of one stage's ladder: a lifeline per host and
// per NAT (a message crossing the NAT passes its lifeline), one arrow per
// ladder line (requests solid, responses dashed, retransmissions open),
// labelled with time, exchange, number, payloads and notifies; the
// daemons' outcome lines as notes over their host. Drawn from the ladder's
// entries (its lines when an older JSON has none). Addresses without a node
// map to hosts by the topology (null: one lifeline per address). Without
// daemon lines, the stage's IKE checks become notes over the host they name.
std::string ladderSequence(const IkeLadder& ladder, const lab::TopologySpec* topology,
                           const std::vector<CheckResult>& stageChecks);

// A stage whose ladder a report draws: a check did not pass, or the stage
// states a failed negotiation (an IKE outcome other than established, a
// tunnel down). Judged from the checks' names (CheckSpec::describe()).
bool stageWantsLadder(const std::vector<CheckResult>& stageChecks);

// The checks of `stage`, in order.
std::vector<CheckResult> checksOf(const RunResult& r, const std::string& stage);

}  // namespace harness::report

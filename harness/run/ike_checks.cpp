// tunnel: and ike: checks (stage_checks.h).
#include <algorithm>
#include <regex>

#include "harness/report/console_report.h"
#include "harness/run/ike_session.h"
#include "harness/run/progress.h"
#include "harness/run/stage_checks.h"

namespace harness::run {
namespace {

std::string describeEvents(const std::vector<lab::ike::OutcomeEvent>& events) {
  std::string out;
  std::vector<std::string> seen;
  for (const auto& e : events) {
    const std::string key = e.host + e.outcome;
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;  // once per host and outcome
    seen.push_back(key);
    out += "outcome " + e.outcome + " at " + e.host + " (" + e.daemon + "): " + e.meaning + "\n    " + e.line + "\n";
  }
  return out;
}

// up: both daemons report the IPsec SA. On a host kernel without ESP the
// IKE SA is all that can be proven: that is an environment limit (skip), not
// a tunnel failure.
void judgeTunnel(const TunnelCheck& t, IkeWatch& watch, const std::string& dataplaneMissing, CheckResult& r) {
  auto v = watch.waitTunnel(t, !dataplaneMissing.empty());
  r.seconds = v.seconds;
  r.detail = v.detail;
  const std::string events = describeEvents(v.events);
  if (!t.up) {
    r.verdict = v.childUp ? Verdict::Fail : Verdict::Pass;
    r.detail = (v.childUp ? "expected the tunnel down, but the IPsec SA came up\n" : "") + events + r.detail;
    return;
  }
  if (v.childUp) {
    r.verdict = Verdict::Pass;
  } else if (v.ikeUp && !dataplaneMissing.empty()) {
    r.verdict = Verdict::Skip;
    r.detail = "IKE SA established on both ends; the IPsec SA cannot be installed: " + dataplaneMissing +
               " (environment limit, not a tunnel failure)\n" + events + r.detail;
  } else {
    r.verdict = Verdict::Fail;
    std::string kept;
    for (const auto& name : v.kept) kept += (kept.empty() ? "" : ", ") + name;
    if (!kept.empty())
      kept = "unchanged by this stage, not renegotiated: " + kept + " (its outcome below was logged in an earlier stage)\n";
    r.detail = std::string(v.daemonDied ? "an IKE daemon died" : v.ikeUp ? "IKE SA up, IPsec SA not installed"
                                                                         : "IKE SA not established") +
               " after " + report::formatDuration(v.seconds) + "\n" + kept + events + r.detail;
  }
}

}  // namespace

void judgeIkeChecks(const StageSpec& stage, IkeSession& ike, const std::string& dataplaneMissing,
                    std::vector<CheckResult>& results) {
  std::vector<std::size_t> judged;
  for (std::size_t i = 0; i < stage.checks.size(); ++i) {
    if (const auto* t = std::get_if<TunnelCheck>(&stage.checks[i].check)) {
      judgeTunnel(*t, ike.watch(), dataplaneMissing, results[i]);
    } else if (const auto* k = std::get_if<IkeCheck>(&stage.checks[i].check)) {
      auto v = ike.watch().waitOutcome(*k);
      results[i].seconds = v.seconds;
      results[i].verdict = v.pass ? Verdict::Pass : Verdict::Fail;
      if (!v.seen.empty()) results[i].check += " -> " + v.seen;
      results[i].detail = v.detail;
    } else {
      continue;
    }
    judged.push_back(i);
    announce(results[i]);
  }
  const std::string why = ike.watch().explain();
  if (why.empty()) return;
  progress("    " + std::regex_replace(why, std::regex("\n"), "\n    "));
  for (auto i : judged) results[i].detail += (results[i].detail.empty() ? "" : "\n") + why;
}

}  // namespace harness::run

// wire: checks and the kernel-counter cross-check (stage_checks.h).
#include <chrono>

#include "harness/assert/wire_check.h"
#include "harness/capture/capture.h"
#include "harness/capture/xfrm_counters.h"
#include "harness/run/stage_checks.h"
#include "lab/netns/netns.h"

namespace harness::run {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

}  // namespace

void judgeWireChecks(const StageSpec& stage, const lab::core::Lab& lab, capture::CaptureSet& caps,
                     bool captured, const std::string& dataplaneMissing, std::vector<CheckResult>& results) {
  for (std::size_t i = 0; i < stage.checks.size(); ++i) {
    const auto* w = std::get_if<WireCheck>(&stage.checks[i].check);
    if (!w) continue;
    CheckResult& r = results[i];
    const auto t = Clock::now();
    capture::Capture* cap = caps.find(lab.node(w->node).name(), w->iface);
    if (!captured || !dataplaneMissing.empty()) {
      r.verdict = Verdict::Skip;
      r.detail = captured ? "not judged: " + dataplaneMissing : "captures disabled (--no-capture)";
    } else if (!cap) {
      r.verdict = Verdict::Error;
      r.detail = "no capture on " + w->node + ":" + w->iface;
    } else {
      auto v = assert::evaluateWire(*w, cap->packets(), cap->file().string());
      r.verdict = v.pass ? Verdict::Pass : Verdict::Fail;
      r.detail = v.detail;
      if (!cap->error().empty()) r.detail += "\ncapture: " + cap->error();
    }
    r.seconds = since(t);
    announce(r);
  }
}

std::map<std::string, assert::XfrmSnapshot> snapshotXfrm(const ScenarioSpec& spec, const lab::core::Lab& lab) {
  std::map<std::string, assert::XfrmSnapshot> out;
  for (const auto& host : spec.ipsec->hosts())
    out[host] = assert::snapshotOf(capture::readXfrmCounters(lab.node(host)));
  return out;
}

void crossCheckXfrm(const ScenarioSpec& spec, const StageSpec& stage, const lab::core::Lab& lab,
                    const capture::CaptureSet& caps, const std::map<std::string, assert::XfrmSnapshot>& before,
                    std::vector<CheckResult>& out) {
  for (const auto& host : spec.ipsec->hosts()) {
    CheckResult r;
    r.stage = stage.name;
    r.check = "xfrm " + host + ": kernel SA counters = ESP on the wire";
    const auto t = Clock::now();
    std::vector<std::vector<capture::DecodedPacket>> links;
    for (const auto& cap : caps.captures())
      if (cap->spec().netns == lab.node(host).name()) links.push_back(cap->packets());
    auto v = assert::crossCheckXfrm(capture::readXfrmCounters(lab.node(host)), before.at(host), links);
    if (v.sas == 0) continue;  // nothing to cross-check (the stage expected no tunnel)
    r.verdict = v.pass ? Verdict::Pass : Verdict::Fail;
    r.detail = v.detail;
    r.seconds = since(t);
    announce(r);
    out.push_back(std::move(r));
  }
}

}  // namespace harness::run

#include "harness/run/stage_runner.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <future>
#include <map>
#include <optional>
#include <regex>

#include "harness/assert/ping_check.h"
#include "harness/assert/wire_check.h"
#include "harness/assert/xfrm_check.h"
#include "harness/capture/xfrm_counters.h"
#include "harness/capture/capture.h"
#include "harness/run/ike_session.h"
#include "lab/nat/iptables_restore.h"
#include "harness/report/console_report.h"
#include "harness/run/progress.h"
#include "lab/netns/netns.h"
#include "lab/sys/interrupt.h"

namespace harness::run {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

void announce(const CheckResult& c) {
  std::string line = std::string("    ") + (c.verdict == Verdict::Pass ? "PASS " : "FAIL ") + c.check +
                     "  (" + report::formatDuration(c.seconds) + ")";
  if (c.verdict != Verdict::Pass) {
    line += "\n";
    std::string d = c.detail;
    size_t pos = 0;
    while (pos < d.size()) {
      auto nl = d.find('\n', pos);
      line += "          " + d.substr(pos, nl - pos) + (nl == std::string::npos ? "" : "\n");
      pos = nl == std::string::npos ? d.size() : nl + 1;
    }
  }
  progress(line);
}

// The decoded summary of one capture, beside its pcap.
void writeSummary(const capture::Capture& cap) {
  fs::path txt = cap.file();
  txt.replace_extension(".txt");
  std::ofstream f(txt);
  for (const auto& p : cap.packets()) f << p.summary() << '\n';
}

// Fault: a host's namespace drops incoming IKE (UDP 500 and 4500) for the
// stage; the filter table is emptied again when the stage ends.
class BlockIke {
 public:
  BlockIke(const lab::netns::NetNs& ns, const std::string& host) : ns_(ns) {
    ipt_.apply(ns_, "*filter\n-A INPUT -p udp --dport 500 -j DROP\n-A INPUT -p udp --dport 4500 -j DROP\nCOMMIT\n");
    progress("    fault: " + host + " drops incoming UDP 500/4500 (" + ipt_.backend() + ")");
  }
  ~BlockIke() {
    try {
      ipt_.apply(ns_, "*filter\nCOMMIT\n");
    } catch (const std::exception&) {
    }
  }

 private:
  const lab::netns::NetNs& ns_;
  lab::nat::IptablesRestore ipt_;
};

// up: both daemons report the IPsec SA. On a host kernel without ESP the
// IKE SA is all that can be proven: that is an environment limit (skip), not
// a tunnel failure.
std::string describeEvents(const std::vector<assert::OutcomeEvent>& events) {
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

void judgeTunnel(const TunnelCheck& t, IkeSession& ike, const std::string& dataplaneMissing, CheckResult& r) {
  auto v = ike.waitTunnel(t, !dataplaneMissing.empty());
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
    r.detail = std::string(v.daemonDied ? "an IKE daemon died" : v.ikeUp ? "IKE SA up, IPsec SA not installed"
                                                                         : "IKE SA not established") +
               " after " + report::formatDuration(v.seconds) + "\n" + events + r.detail;
  }
}

}  // namespace

std::string fileSafe(const std::string& s) {
  std::string out;
  for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '-';
  return out;
}

void runStage(const ScenarioSpec& spec, const StageSpec& stage, const lab::core::Lab& lab,
              const StageOptions& o, std::vector<CheckResult>& out) {
  progress("--- stage: " + stage.name);
  capture::CaptureSet caps;
  for (const auto& [node, iface] : o.capture ? lab.links() : decltype(lab.links()){}) {
    capture::CaptureSpec cs;
    cs.netns = lab.node(node).name();
    cs.iface = iface;
    cs.file = o.artifactsDir / (fileSafe(stage.name) + "-" + node + "-" + iface + ".pcap");
    caps.add(cs);
  }
  caps.startAll();  // live before any traffic, IKE included

  // Kernel SA counters before the stage's traffic, to compare with the wire.
  const bool crossCheck = o.ike && o.capture && o.dataplaneMissing.empty();
  std::map<std::string, assert::XfrmSnapshot> xfrmBefore;
  if (crossCheck)
    for (const auto& host : spec.ipsec->hosts)
      xfrmBefore[host] = assert::snapshotOf(capture::readXfrmCounters(lab.node(host)));
  std::optional<BlockIke> block;
  if (!stage.fault.blockIke.empty()) block.emplace(lab.node(stage.fault.blockIke), stage.fault.blockIke);
  if (o.ike) {
    if (o.firstStage) o.ike->start(stage);
    else o.ike->applyStage(stage);
  }

  // Traffic first, all of the stage's pings at once (each in its own
  // namespace), then the wire judged on what they left. Results keep the
  // scenario's order.
  std::vector<CheckResult> results(stage.checks.size());
  for (size_t i = 0; i < stage.checks.size(); ++i) {
    results[i].stage = stage.name;
    results[i].check = stage.checks[i].describe();
  }
  // IKE first (outcomes, tunnel state), in the scenario's order: traffic
  // only means something once the negotiation has ended one way or another.
  for (size_t i = 0; i < stage.checks.size(); ++i) {
    if (const auto* t = std::get_if<TunnelCheck>(&stage.checks[i].check)) {
      judgeTunnel(*t, *o.ike, o.dataplaneMissing, results[i]);
    } else if (const auto* k = std::get_if<IkeCheck>(&stage.checks[i].check)) {
      auto v = o.ike->waitOutcome(*k);
      results[i].seconds = v.seconds;
      results[i].verdict = v.pass ? Verdict::Pass : Verdict::Fail;
      if (!v.seen.empty()) results[i].check += " -> " + v.seen;
      results[i].detail = v.detail;
    } else {
      continue;
    }
    announce(results[i]);
  }
  if (o.ike) {
    if (auto why = o.ike->explainStage(); !why.empty()) {
      progress("    " + std::regex_replace(why, std::regex("\n"), "\n    "));
      for (size_t i = 0; i < stage.checks.size(); ++i) {
        const auto& c = stage.checks[i].check;
        if (std::holds_alternative<TunnelCheck>(c) || std::holds_alternative<IkeCheck>(c))
          results[i].detail += (results[i].detail.empty() ? "" : "\n") + why;
      }
    }
  }
  std::vector<std::future<void>> traffic;
  for (size_t i = 0; i < stage.checks.size(); ++i) {
    const auto& c = stage.checks[i];
    CheckResult& r = results[i];
    const auto* ping = std::get_if<PingCheck>(&c.check);
    if (!ping) continue;
    if (!o.dataplaneMissing.empty()) {
      r.verdict = Verdict::Skip;
      r.detail = "not run: " + o.dataplaneMissing;
      continue;
    }
    lab::sys::throwIfInterrupted("stage " + stage.name);
    traffic.push_back(std::async(std::launch::async, [&r, ping, &lab] {
      auto t = Clock::now();
      auto v = assert::runPing(*ping, lab.node(ping->from));
      r.seconds = since(t);
      r.verdict = v.pass ? Verdict::Pass : Verdict::Fail;
      r.detail = v.detail;
      announce(r);
    }));
  }
  for (auto& f : traffic) f.wait();
  for (auto& f : traffic) f.get();  // rethrows Interrupted or a lab error
  caps.stopAll();

  for (const auto& cap : caps.captures()) writeSummary(*cap);
  for (size_t i = 0; i < stage.checks.size(); ++i) {
    const auto* wp = std::get_if<WireCheck>(&stage.checks[i].check);
    if (!wp) continue;
    const auto& w = *wp;
    CheckResult& r = results[i];
    auto t = Clock::now();
    auto* cap = caps.find(lab.node(w.node).name(), w.iface);
    if (!o.capture || !o.dataplaneMissing.empty()) {
      r.verdict = Verdict::Skip;
      r.detail = o.capture ? "not judged: " + o.dataplaneMissing : "captures disabled (--no-capture)";
    } else if (!cap) {
      r.verdict = Verdict::Error;
      r.detail = "no capture on " + w.node + ":" + w.iface;
    } else {
      auto v = assert::evaluateWire(w, cap->packets(), cap->file().string());
      r.verdict = v.pass ? Verdict::Pass : Verdict::Fail;
      r.detail = v.detail;
      if (!cap->error().empty()) r.detail += "\ncapture: " + cap->error();
    }
    r.seconds = since(t);
    announce(r);
  }
  for (auto& r : results) out.push_back(std::move(r));
  if (crossCheck)
    for (const auto& host : spec.ipsec->hosts) {
      CheckResult r;
      r.stage = stage.name;
      r.check = "xfrm " + host + ": kernel SA counters = ESP on the wire";
      auto t = Clock::now();
      std::vector<std::vector<capture::DecodedPacket>> links;
      for (const auto& cap : caps.captures())
        if (cap->spec().netns == lab.node(host).name()) links.push_back(cap->packets());
      auto v = assert::crossCheckXfrm(capture::readXfrmCounters(lab.node(host)), xfrmBefore[host], links);
      if (v.sas == 0) continue;  // nothing to cross-check (the stage expected no tunnel)
      r.verdict = v.pass ? Verdict::Pass : Verdict::Fail;
      r.detail = v.detail;
      r.seconds = since(t);
      announce(r);
      out.push_back(std::move(r));
    }
}

}  // namespace harness::run

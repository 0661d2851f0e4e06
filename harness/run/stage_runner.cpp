#include "harness/run/stage_runner.h"

#include <chrono>
#include <fstream>
#include <future>

#include "harness/assert/ping_check.h"
#include "harness/assert/wire_check.h"
#include "harness/capture/capture.h"
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
  caps.startAll();  // live before any traffic

  // Traffic first, all of the stage's pings at once (each in its own
  // namespace), then the wire judged on what they left. Results keep the
  // scenario's order.
  std::vector<CheckResult> results(stage.checks.size());
  std::vector<std::future<void>> traffic;
  for (size_t i = 0; i < stage.checks.size(); ++i) {
    const auto& c = stage.checks[i];
    CheckResult& r = results[i];
    r.stage = stage.name;
    r.check = c.describe();
    const auto* ping = std::get_if<PingCheck>(&c.check);
    if (!ping) continue;
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
    if (!o.capture) {
      r.verdict = Verdict::Skip;
      r.detail = "captures disabled (--no-capture)";
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
  (void)spec;
}

}  // namespace harness::run

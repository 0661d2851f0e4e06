#include "harness/run/stage_runner.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <optional>

#include "harness/capture/capture.h"
#include "harness/capture/ike_ladder.h"
#include "harness/report/console_report.h"
#include "harness/run/ike_session.h"
#include "harness/run/link_stacks.h"
#include "harness/run/progress.h"
#include "harness/run/stage_checks.h"
#include "harness/run/stage_ladder.h"
#include "lab/nat/iptables_restore.h"
#include "lab/netns/netns.h"

namespace harness::run {
namespace fs = std::filesystem;
namespace {

// A capture on every link of the lab, named <stage>-<node>-<iface>.pcap.
void addCaptures(capture::CaptureSet& caps, const lab::core::Lab& lab, const StageSpec& stage,
                 const fs::path& artifacts) {
  for (const auto& [node, iface] : lab.links()) {
    capture::CaptureSpec cs;
    cs.netns = lab.node(node).name();
    cs.iface = iface;
    cs.file = artifacts / (fileSafe(stage.name) + "-" + node + "-" + iface + ".pcap");
    caps.add(cs);
  }
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

// A stage that states a failed negotiation (an IKE outcome other than
// established, or the tunnel down): its ladder shows where the exchange stopped.
bool expectsIkeToFail(const StageSpec& stage) {
  return std::any_of(stage.checks.begin(), stage.checks.end(), [](const CheckSpec& c) {
    if (const auto* ike = std::get_if<IkeCheck>(&c.check)) return ike->outcome != "established";
    if (const auto* t = std::get_if<TunnelCheck>(&c.check)) return !t->up;
    return false;
  });
}

// The stage's IKE messages as a ladder: kept in the artifacts and the
// report, printed when one of the stage's checks did not pass or the stage
// expects the negotiation to fail.
void ladder(const StageSpec& stage, const lab::core::Lab& lab, const capture::CaptureSet& caps,
            const std::vector<CheckResult>& results, const StageOptions& o) {
  std::vector<std::vector<capture::DecodedPacket>> links;
  for (const auto& cap : caps.captures()) links.push_back(cap->packets());
  std::vector<lab::ike::OutcomeEvent> events;
  if (o.ike) {
    o.ike->watch().catchUp();
    events = o.ike->watch().events();
  }
  auto entries = stageLadder(lab.spec(), links, events);
  if (entries.empty()) return;
  auto lines = capture::ladderLines(entries);
  std::ofstream f(o.artifactsDir / (fileSafe(stage.name) + "-ike-ladder.txt"));
  for (const auto& l : lines) f << l << '\n';
  const bool failed = std::any_of(results.begin(), results.end(), [](const CheckResult& r) {
    return r.verdict == Verdict::Fail || r.verdict == Verdict::Error;
  });
  if (failed || expectsIkeToFail(stage)) {
    const auto logged = std::count_if(entries.begin(), entries.end(), [](const auto& e) { return e.daemon; });
    const auto wire = static_cast<long>(entries.size()) - logged;
    // One progress line each: under UML only marked console lines reach the host.
    progress("    IKE ladder (" + std::to_string(wire) + " messages on the wire, " + std::to_string(logged) +
             " daemon outcome lines):");
    for (const auto& l : lines) progress("      " + l);
  }
  if (o.ladders) o.ladders->push_back({stage.name, std::move(lines), std::move(entries)});
}

}  // namespace

void announce(const CheckResult& c) {
  std::string line = std::string("    ") + (c.verdict == Verdict::Pass ? "PASS " : "FAIL ") + c.check + "  (" +
                     report::formatDuration(c.seconds) + ")";
  if (c.verdict != Verdict::Pass) {
    std::size_t pos = 0;
    while (pos < c.detail.size()) {
      auto nl = c.detail.find('\n', pos);
      line += "\n          " + c.detail.substr(pos, nl - pos);
      pos = nl == std::string::npos ? c.detail.size() : nl + 1;
    }
  }
  progress(line);
}

std::string fileSafe(const std::string& s) {
  std::string out;
  for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '-';
  return out;
}

void runStage(const ScenarioSpec& spec, const StageSpec& stage, const lab::core::Lab& lab, const StageOptions& o,
              std::vector<CheckResult>& out) {
  progress("--- stage: " + stage.name);
  capture::CaptureSet caps;
  if (o.capture) addCaptures(caps, lab, stage, o.artifactsDir);
  caps.startAll();  // live before any traffic, IKE included

  // Kernel SA counters before the stage's traffic, to compare with the wire.
  const bool crossCheck = o.ike && o.capture && o.dataplaneMissing.empty();
  std::map<std::string, assert::XfrmSnapshot> xfrmBefore;
  if (crossCheck) xfrmBefore = snapshotXfrm(spec, lab);
  // The SAs this stage starts with (the last stage's, which may be replaced before the end).
  auto espStart = std::chrono::steady_clock::now();
  if (crossCheck && o.keys) readEspKeys(spec, lab, *o.keys);
  double espSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - espStart).count();
  std::optional<BlockIke> block;
  if (!stage.fault.blockIke.empty()) block.emplace(lab.node(stage.fault.blockIke), stage.fault.blockIke);
  if (o.ike) {
    if (o.firstStage) o.ike->start(stage);
    else o.ike->applyStage(stage);
  }

  std::vector<CheckResult> results(stage.checks.size());
  for (std::size_t i = 0; i < stage.checks.size(); ++i) {
    results[i].stage = stage.name;
    results[i].check = stage.checks[i].describe();
  }
  // IKE first: traffic only means something once the negotiation has ended
  // one way or another. Then all pings at once, then the wire.
  if (o.ike) judgeIkeChecks(stage, *o.ike, o.dataplaneMissing, results);
  runTrafficChecks(stage, lab, o.dataplaneMissing, results);
  caps.stopAll();
  std::vector<CheckResult> esp;
  espStart = std::chrono::steady_clock::now();
  if (crossCheck && o.keys) decryptCaptures(spec, stage, lab, caps, o.artifactsDir, *o.keys, o.esp, esp);
  espSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - espStart).count();
  for (const auto& cap : caps.captures()) writeSummary(*cap);
  if (o.links) {  // the captures were added in lab.links() order
    const auto links = lab.links();
    for (std::size_t i = 0; i < caps.captures().size() && i < links.size(); ++i)
      o.links->push_back(linkStacks(stage.name, links[i].first, *caps.captures()[i]));
  }
  judgeWireChecks(stage, lab, caps, o.capture, o.dataplaneMissing, results);
  for (auto& r : esp) results.push_back(std::move(r));
  espStart = std::chrono::steady_clock::now();
  if (o.capture) ladder(stage, lab, caps, results, o);
  espSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - espStart).count();
  if (o.esp) o.esp->seconds += espSeconds;
  for (auto& r : results) out.push_back(std::move(r));
  if (crossCheck) crossCheckXfrm(spec, stage, lab, caps, xfrmBefore, out);
}

}  // namespace harness::run

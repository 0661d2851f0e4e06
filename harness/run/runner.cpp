#include "harness/run/runner.h"

#include <chrono>
#include <fstream>
#include <future>
#include <map>
#include <optional>

#include "harness/run/ike_session.h"
#include "harness/run/progress.h"
#include "harness/run/stage_runner.h"
#include "lab/core/lab.h"
#include "lab/kernel/backend.h"
#include "lab/kernel/kept.h"
#include "lab/kernel/host/host_probe.h"
#include "lab/kernel/uml/uml_guest.h"
#include "lab/sys/error.h"
#include "lab/sys/interrupt.h"
#include "lab/sys/process.h"

namespace harness::run {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
long processesSince(long before) {
  const long now = lab::sys::processesCreated();
  return before < 0 || now < 0 ? -1 : now - before;
}
// What labrun started since `before` (a matrix worker runs many cases).
std::map<std::string, int> startedSince(const std::map<std::string, int>& before) {
  auto now = lab::sys::startedPrograms();
  for (auto it = now.begin(); it != now.end();) {
    auto b = before.find(it->first);
    if (b != before.end()) it->second -= b->second;
    it = it->second > 0 ? std::next(it) : now.erase(it);
  }
  return now;
}

}  // namespace

bool ikeOnlyPossible(const ScenarioSpec& spec, const lab::kernel::ProbeResult& p) {
  if (!spec.ipsec || !p.onlyDataplaneMissing()) return false;
  // IKE runs between the hosts' own addresses only when every connection
  // protects its tunnel (no tunnel device needed to reach the peer).
  for (const auto& c : spec.ipsec->conns)
    if (c.mode != lab::ike::Mode::GreOverIpsec) return false;
  return true;
}

namespace {

// MemTotal - MemAvailable of the kernel labrun runs on (the UML guest's).
double memoryInUseMiB() {
  std::ifstream f("/proc/meminfo");
  std::string key;
  double kib = 0, total = 0, avail = 0;
  std::string unit;
  while (f >> key >> kib >> unit) {
    if (key == "MemTotal:") total = kib;
    if (key == "MemAvailable:") avail = kib;
  }
  return (total - avail) / 1024.0;
}

using ToolCommands = std::map<std::string, std::vector<std::string>>;

// Leaves the lab's record in the run directory (lab/kernel/kept.h) and says
// how to step in: exec, shell, the daemons' own tools, clean.
void keepLab(const std::string& labName, const RunnerOptions& o, const lab::core::Lab& lab, const ToolCommands& tools) {
  lab::kernel::KeptLab k;
  k.lab = labName;
  k.runDir = o.runDir;
  k.backend = o.kernel;
  for (const auto& n : lab.nodeNames()) k.nodes.emplace_back(n, lab::nsName(labName, n));
  lab::kernel::writeKeptLab(k);
  progress("--- keep: lab " + labName + " left running on the " + o.kernel + " kernel (nodes " + k.nodeList() + ")");
  progress("    labrun exec " + labName + " NODE -- CMD    labrun shell " + labName + " NODE    labrun clean " + labName);
  for (const auto& [host, cmds] : tools)
    for (const auto& c : cmds) progress("    labrun exec " + labName + " " + host + " -- " + c);
}

}  // namespace

RunResult runHere(const ScenarioSpec& spec, const RunnerOptions& o) {
  RunResult r;
  r.scenario = spec.name;
  r.lab = spec.topology.lab;
  r.kernel = o.kernel;
  r.kernelWhy = o.kernelWhy;
  r.artifactsDir = o.artifactsDir.string();
  const auto startedBefore = lab::sys::startedPrograms();

  // This kernel first, unless its backend vouches for it: what the scenario
  // needs and it lacks (in-process netlink in a scratch namespace). NAT is not probed here: the lab's first
  // NAT rules are the probe (nft, then legacy; the one that loads is the
  // lab's and the report's), which saves a guest two iptables execs before
  // its first line. A kernel with no NAT at all fails the build with its
  // own error; `auto` already probed NAT on the host before choosing it.
  auto needs = lab::kernel::needsOf(spec.topology, spec.ipsec.has_value());
  needs.nat = false;
  lab::kernel::ProbeResult probe;
  if (lab::kernel::backend(o.kernel).jobProbesKernel()) probe = lab::kernel::host::probe(needs);
  std::string dataplaneMissing;
  lab::TopologySpec topology = spec.topology;
  if (!probe.ok()) {
    if (!ikeOnlyPossible(spec, probe)) {
      r.error = "the " + o.kernel + " kernel cannot run this scenario: missing " + probe.describe();
      r.exitCode = lab::sys::kExitEnvironment;
      return r;
    }
    dataplaneMissing = "this kernel has no " + probe.features() + " (--kernel uml runs the dataplane)";
    topology.tunnels.clear();
    progress("    IKE only: " + dataplaneMissing + "; the daemons still negotiate");
  }

  const lab::ike::HostKeys keys(o.keysDir.empty() ? o.runDir / "keys" : o.keysDir);
  std::future<void> making;  // beside the lab build; failures reach IkeSession through keys.await
  if (spec.ipsec && !o.keysMadeElsewhere) making = keys.makeInBackground(keyRequests(spec));

  lab::core::LabOptions lo;
  lo.runDir = o.runDir;
  lo.log = [](const std::string& line) { progress("    " + line); };
  lab::core::Lab lab(topology, lo);
  std::optional<IkeSession> ike;
  try {
    auto t = Clock::now();
    long forks = lab::sys::processesCreated();
    progress("--- build: lab " + spec.topology.lab);
    lab.build();
    r.times.build = since(t);
    r.processes.build = processesSince(forks);
    progress("    built in " + std::to_string(static_cast<int>(r.times.build * 1000)) + " ms (NAT via " +
             (lab.natBackend().empty() ? std::string("-") : lab.natBackend()) + ")");

    t = Clock::now();
    forks = lab::sys::processesCreated();
    if (spec.ipsec) ike.emplace(spec, lab, o.runDir, o.artifactsDir, keys);
    bool first = true;
    capture::EspKeyring espKeys;  // every SA of every stage: a stage's packets may use the last one's
    for (const auto& stage : spec.stages) {
      lab::sys::throwIfInterrupted("stage " + stage.name);
      StageOptions so{o.artifactsDir, o.capture, ike ? &*ike : nullptr, first, dataplaneMissing};
      so.keys = &espKeys;
      so.esp = &r.esp;
      so.ladders = &r.ikeLadders;
      so.links = &r.links;
      runStage(spec, stage, lab, so, r.checks);
      first = false;
    }
    r.times.checks = since(t);
    r.processes.checks = processesSince(forks);
    if (lab::kernel::uml::insideGuest()) r.guestMemoryMiB = memoryInUseMiB();
  } catch (const lab::sys::Interrupted& e) {
    r.error = e.what();
    r.exitCode = lab::sys::kExitInterrupted;
  } catch (const lab::sys::EnvironmentError& e) {
    r.error = std::string(e.what()) + " (" + e.remedy() + ")";
    r.exitCode = lab::sys::kExitEnvironment;
  } catch (const std::exception& e) {
    r.error = std::string("lab error: ") + e.what();
    r.exitCode = lab::sys::kExitEnvironment;
  }

  if (ike) r.daemons = ike->hosts().started();
  const bool keep = o.keep && r.error.empty();
  // Daemons before namespaces.
  if (ike && !keep) ike->stop();
  if (keep) {
    keepLab(spec.topology.lab, o, lab, ike ? ike->hosts().toolCommands() : ToolCommands{});
    if (ike) ike->leaveRunning();
    lab.release();
  } else {
    auto t = Clock::now();
    const long forks = lab::sys::processesCreated();
    lab.teardown();
    r.times.teardown = since(t);
    r.processes.teardown = processesSince(forks);
  }
  r.processes.started = startedSince(startedBefore);
  if (r.error.empty()) {
    bool ok = true;  // skipped checks (e.g. --no-capture) are not failures
    for (const auto& c : r.checks) ok = ok && (c.verdict == Verdict::Pass || c.verdict == Verdict::Skip);
    r.exitCode = ok ? lab::sys::kExitPass : lab::sys::kExitCheckFailed;
    if (ok && !dataplaneMissing.empty()) {
      r.error = "environment limit: " + dataplaneMissing + "; IKE was exercised, the dataplane was not";
      r.exitCode = lab::sys::kExitEnvironment;
    }
  }
  return r;
}

}  // namespace harness::run

#include "lab/kernel/uml/uml_backend.h"

#include <fstream>
#include <iostream>
#include <optional>
#include <set>

#include "lab/kernel/shell_prompt.h"
#include "lab/kernel/uml/spool.h"
#include "lab/kernel/uml/uml_guest.h"
#include "lab/kernel/uml/warm.h"
#include "lab/link/tunnel_kind.h"
#include "lab/sys/error.h"

namespace lab::kernel::uml {
namespace fs = std::filesystem;

namespace {

void need(ProbeResult& r, const std::set<std::string>& have, const std::string& feature,
          const std::vector<std::string>& modules, bool dataplane, const fs::path& tree) {
  std::string absent;
  for (const auto& m : modules)
    if (!have.count(m)) absent += (absent.empty() ? "" : ", ") + m;
  if (!absent.empty()) r.missing.push_back({feature, "no module " + absent + " in " + tree.string(), dataplane});
}

}  // namespace

std::string UmlBackend::unavailable() const {
  try {
    locateUml();
    return "";
  } catch (const sys::EnvironmentError& e) {
    return std::string(e.what()) + " (" + e.remedy() + ")";
  }
}

ProbeResult UmlBackend::probe(const FeatureNeeds& needs) const {
  ProbeResult r;
  const UmlInstall u = locateUml();
  const auto have = modulesOf(u.modules);
  for (const auto& name : needs.tunnelKinds) {
    const auto& kind = link::tunnelKind(name);
    need(r, have, kind.feature(), kind.modules(), true, u.modules);
  }
  if (needs.esp) need(r, have, "ESP (esp4, xfrm_user)", {"esp4", "xfrm_user"}, true, u.modules);
  if (needs.nat) {
    need(r, have, "iptables NAT", {"iptable_nat"}, false, u.modules);
    if (r.ok()) r.natBackend = "iptables-legacy";
  }
  r.kernelDetail = "UML kernel " + u.name + ": " + u.source + " (" + umlChoiceWhy() + ")";
  return r;
}

JobRun UmlBackend::run(const Job& job) const {
  UmlOptions u;
  u.runDir = job.runDir;
  u.umid = job.id;
  u.memory = job.memory;
  u.timeout = job.timeout;
  u.cpu = job.cpu;
  u.guestArgv = job.argv;
  u.keep = job.keep;
  std::shared_ptr<std::ofstream> log;
  if (!job.logFile.empty()) {
    log = std::make_shared<std::ofstream>(job.logFile, std::ios::app);
    u.onProgress = [log](const std::string& line) { *log << line << std::endl; };
  } else if (job.onProgress) {
    u.onProgress = job.onProgress;
  } else {
    u.onProgress = [](const std::string& line) { std::cout << line << std::endl; };
  }
  std::optional<UmlRun> warm;
  if (job.warm && !job.keep) {
    std::string why;
    warm = runInWarmGuest(u, &why);
    if (!why.empty() && u.onProgress) u.onProgress("    " + why);
  }
  auto g = warm ? *warm : runGuest(u);
  if (log) *log << "labrun: guest " << job.id << " exited " << g.guestExit << " after " << g.totalSeconds
                << " s (boot " << g.bootSeconds << " s)" << std::endl;
  return {g.guestExit, g.bootSeconds, g.totalSeconds};
}

void UmlBackend::holdKept(const KeptLab& lab, int jobExit) const { serveSpool(lab.runDir, jobExit); }

namespace {
bool guestAlive(const fs::path& runDir) { return !guestPids(runDir / "uml").empty(); }
}  // namespace

int UmlBackend::execKept(const KeptLab& lab, const std::string& netns, const std::vector<std::string>& argv) const {
  SpoolRequest r;
  r.kind = "exec";
  r.netns = netns;
  r.argv = argv;
  return runSpoolRequest(lab.runDir, r, guestAlive);
}

int UmlBackend::shellKept(const KeptLab& lab, const std::string& node, const std::string& netns) const {
  SpoolRequest r;
  r.kind = "shell";
  r.netns = netns;
  r.argv = {shellPrompt(lab.lab, node)};
  return runSpoolRequest(lab.runDir, r, guestAlive);
}

bool UmlBackend::keptAlive(const KeptLab& lab) const { return guestAlive(lab.runDir); }

void UmlBackend::kill(const Job& job) const { killLeftoverGuests(job.runDir / "uml"); }

std::vector<int> UmlBackend::killLeftovers(const fs::path& runBase) const { return killLeftoverGuests(runBase); }

}  // namespace lab::kernel::uml

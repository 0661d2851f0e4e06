#include "lab/kernel/host/host_backend.h"

#include <signal.h>
#include <unistd.h>

#include <thread>

#include "lab/kernel/host/host_probe.h"
#include "lab/sys/error.h"
#include "lab/sys/interrupt.h"
#include "lab/sys/process.h"

namespace lab::kernel::host {
namespace {

using Clock = std::chrono::steady_clock;
// How long a stopped job may take to tear its lab down.
constexpr std::chrono::seconds kTeardownGrace{20};

}  // namespace

std::string HostBackend::unavailable() const {
  return ::geteuid() == 0 ? "" : "the host backend needs root (CAP_NET_ADMIN) to make namespaces; --kernel uml does not";
}

ProbeResult HostBackend::probe(const FeatureNeeds& needs) const { return host::probe(needs); }

JobRun HostBackend::run(const Job& job) const {
  sys::RunOptions o;
  o.timeout = std::chrono::milliseconds(0);
  o.logFile = job.logFile;
  o.inheritOutput = job.logFile.empty();
  // A job outlives nothing: if labrun dies (even kill -9), the job is
  // interrupted, tears its lab down and stops.
  o.dieWithParent = true;
  const auto start = Clock::now();
  auto p = sys::Process::start(job.argv, o);
  {
    std::lock_guard lock(m_);
    running_[job.id] = p.pid();
  }
  JobRun r;
  bool stopped = false;
  while (p.running()) {
    if (sys::interrupted() || Clock::now() - start > job.timeout) {
      p.stop(kTeardownGrace);
      stopped = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  {
    std::lock_guard lock(m_);
    running_.erase(job.id);
  }
  r.exitCode = p.exitCode();
  r.totalSeconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (stopped) {
    if (!sys::interrupted()) sys::requestInterrupt(SIGALRM);
    sys::throwIfInterrupted("the job " + job.id);
  }
  return r;
}

void HostBackend::kill(const Job& job) const {
  std::lock_guard lock(m_);
  if (auto it = running_.find(job.id); it != running_.end() && it->second > 0) ::kill(-it->second, SIGKILL);
}

}  // namespace lab::kernel::host

#include "harness/matrix/scheduler.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "lab/core/clean.h"
#include "lab/kernel/uml/uml_guest.h"
#include "lab/sys/error.h"
#include "lab/sys/interrupt.h"
#include "lab/sys/process.h"

namespace harness::matrix {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Shared {
  std::mutex m;
  std::map<int, Clock::time_point> claimSeen;  // case index -> first seen claimed
  std::set<int> killedForTimeout;              // cases whose worker the watchdog killed
  std::vector<lab::kernel::Job> jobs;          // worker k's job
  std::atomic<int> running{0};
};

// Worker k as a job of the run's kernel backend.
lab::kernel::Job workerJob(const SchedulerOptions& o, int k) {
  lab::kernel::Job job;
  job.argv = {o.self.string(), "matrix", "--worker", o.matrixDir.string(), "--worker-id", std::to_string(k)};
  job.runDir = workerDir(o.matrixDir, k);
  job.id = "lr-" + o.matrixDir.filename().string() + "-w" + std::to_string(k);
  job.memory = o.umlMemory;
  job.cpu = lab::kernel::uml::cpuForSlot(k);  // one CPU per worker
  job.timeout = std::chrono::hours(24);       // per-case deadlines and the watchdog bound it
  job.logFile = o.logDir / ("w" + std::to_string(k) + ".log");
  return job;
}

std::vector<int> claimedBy(const fs::path& dir, int k) {
  std::vector<int> out;
  for (const auto& c : claims(dir))
    if (c.worker == k) out.push_back(c.index);
  return out;
}

void sweep(const std::string& lab) {
  if (::geteuid() == 0) lab::core::cleanLeftovers(lab);
}

// Cases worker k claimed but did not finish: the watchdog stopped them, or
// the worker died. Interrupted runs are left to the caller.
void settleOrphans(const Plan& plan, const SchedulerOptions& o, Shared& sh, int k, std::ostream& log) {
  for (int idx : claimedBy(o.matrixDir, k)) {
    if (readCaseResult(o.matrixDir, idx)) continue;
    auto p = std::find_if(plan.cases.begin(), plan.cases.end(), [&](const auto& pc) { return pc.c.index == idx; });
    if (p == plan.cases.end()) continue;
    sweep(p->lab);  // a worker on this kernel may have left the case's namespaces
    if (lab::sys::interrupted()) continue;
    CaseResultFile r;
    r.index = idx;
    r.worker = k;
    r.result.scenario = p->c.scenario;
    r.result.lab = p->lab;
    r.result.kernel = plan.kernel;
    r.result.artifactsDir = p->artifacts.string();
    {
      std::lock_guard lock(sh.m);
      r.timedOut = sh.killedForTimeout.count(idx) > 0;
      if (auto it = sh.claimSeen.find(idx); it != sh.claimSeen.end())
        r.seconds = std::chrono::duration<double>(Clock::now() - it->second).count();
    }
    r.result.exitCode = r.timedOut ? lab::sys::kExitCheckFailed : lab::sys::kExitEnvironment;
    r.result.error = r.timedOut ? "the case did not stop at its deadline; its worker was killed and restarted"
                                : "the worker stopped before finishing this case (see " +
                                      (o.logDir / ("w" + std::to_string(k) + ".log")).string() + ")";
    log << "labrun: case " << idx << ": " << r.result.error << std::endl;
    writeCaseResult(o.matrixDir, r);
  }
}

void workerThread(const Plan& plan, const SchedulerOptions& o, Shared& sh, int k) {
  const lab::kernel::Job& job = sh.jobs[static_cast<std::size_t>(k)];
  int fruitless = 0;
  std::ofstream log(job.logFile, std::ios::app);
  while (!lab::sys::interrupted() && !queueEmpty(o.matrixDir)) {
    const std::size_t before = claimedBy(o.matrixDir, k).size();
    try {
      fs::create_directories(job.runDir);
      log.flush();
      o.backend->run(job);  // the worker tears its case down first when stopped
    } catch (const lab::sys::Interrupted&) {
      break;
    } catch (const std::exception& e) {
      log << "labrun: worker " << k << ": " << e.what() << std::endl;
    }
    settleOrphans(plan, o, sh, k, log);
    fruitless = claimedBy(o.matrixDir, k).size() == before ? fruitless + 1 : 0;
    if (fruitless >= 2) {
      log << "labrun: worker " << k << " gave up: two starts in a row ran no case" << std::endl;
      break;
    }
  }
  settleOrphans(plan, o, sh, k, log);
  --sh.running;
}

}  // namespace

std::vector<CaseOutcome> runScheduled(const Plan& plan, const SchedulerOptions& o) {
  fs::create_directories(o.logDir);
  Shared sh;
  const int jobs = std::max(1, std::min<int>(o.jobs, static_cast<int>(plan.cases.size())));
  for (int k = 0; k < jobs; ++k) sh.jobs.push_back(workerJob(o, k));

  std::map<int, const PlannedCase*> byIndex;
  for (const auto& p : plan.cases) byIndex[p.c.index] = &p;
  std::map<int, CaseOutcome> done;

  auto poll = [&] {
    const auto now = Clock::now();
    int running = 0;
    for (const auto& c : claims(o.matrixDir)) {
      if (done.count(c.index)) continue;
      std::lock_guard lock(sh.m);
      const auto seen = sh.claimSeen.try_emplace(c.index, now).first->second;
      if (auto r = readCaseResult(o.matrixDir, c.index)) {
        const PlannedCase* p = byIndex.at(c.index);
        CaseOutcome out = judgeCase(p->c, r->result, r->timedOut, r->seconds, plan.caseTimeoutSec);
        out.worker = r->worker;
        done[c.index] = out;
        if (o.onDone) o.onDone(out, static_cast<int>(done.size()), static_cast<int>(plan.cases.size()));
        continue;
      }
      ++running;
      const auto limit = std::chrono::seconds(plan.caseTimeoutSec + o.graceSec);
      if (now - seen > limit && !sh.killedForTimeout.count(c.index) && !lab::sys::interrupted()) {
        sh.killedForTimeout.insert(c.index);
        o.backend->kill(sh.jobs[static_cast<std::size_t>(c.worker)]);
      }
    }
    if (o.onRunning) o.onRunning(running);
  };

  sh.running = jobs;
  std::vector<std::thread> threads;
  for (int k = 0; k < jobs; ++k) threads.emplace_back(workerThread, std::cref(plan), std::cref(o), std::ref(sh), k);
  while (sh.running > 0) {
    poll();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  for (auto& t : threads) t.join();
  poll();
  o.backend->killLeftovers(o.matrixDir);  // none should be left
  for (const auto& p : plan.cases) sweep(p.lab);

  std::set<int> claimed;
  for (const auto& c : claims(o.matrixDir)) claimed.insert(c.index);
  std::vector<CaseOutcome> out;
  for (const auto& p : plan.cases) {
    if (auto it = done.find(p.c.index); it != done.end()) {
      out.push_back(it->second);
      continue;
    }
    CaseOutcome miss;
    miss.c = p.c;
    miss.result.scenario = p.c.scenario;
    miss.result.lab = p.lab;
    miss.status = claimed.count(p.c.index) && lab::sys::interrupted() ? CaseStatus::Interrupted : CaseStatus::NotRun;
    miss.note = miss.status == CaseStatus::Interrupted ? "interrupted" : "not run";
    out.push_back(miss);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.c.id < b.c.id; });
  return out;
}

}  // namespace harness::matrix

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
  std::unique_ptr<std::atomic<int>[]> hostPids;  // host workers' pids (0: none)
  std::atomic<int> running{0};
};

std::vector<std::string> workerArgv(const SchedulerOptions& o, int k) {
  std::vector<std::string> argv{o.self.string(), "matrix", "--worker", o.matrixDir.string(), "--worker-id",
                                std::to_string(k)};
  if (o.uml) argv.push_back("--in-guest");
  return argv;
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
    if (!o.uml) sweep(p->lab);
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
  const fs::path wdir = workerDir(o.matrixDir, k);
  const fs::path logFile = o.logDir / ("w" + std::to_string(k) + ".log");
  std::ofstream log(logFile, std::ios::app);
  int fruitless = 0;
  while (!lab::sys::interrupted() && !queueEmpty(o.matrixDir)) {
    const std::size_t before = claimedBy(o.matrixDir, k).size();
    try {
      fs::create_directories(wdir);
      if (o.uml) {
        lab::kernel::uml::UmlOptions u;
        u.runDir = wdir;
        u.umid = "lr-" + o.matrixDir.filename().string() + "-w" + std::to_string(k);
        u.memory = o.umlMemory;
        u.cpu = lab::kernel::uml::cpuForSlot(k);  // one CPU per worker
        u.timeout = std::chrono::hours(24);  // per-case deadlines and the watchdog bound it
        u.guestArgv = workerArgv(o, k);
        u.onProgress = [&log](const std::string& line) { log << line << std::endl; };
        auto run = lab::kernel::uml::runGuest(u);
        log << "labrun: guest of worker " << k << " exited " << run.guestExit << " after "
            << run.totalSeconds << " s (boot " << run.bootSeconds << " s)" << std::endl;
      } else {
        log.flush();
        lab::sys::RunOptions ro;
        ro.logFile = logFile;
        ro.timeout = std::chrono::milliseconds(0);
        auto p = lab::sys::Process::start(workerArgv(o, k), ro);
        sh.hostPids[k] = p.pid();
        while (p.running()) {
          if (lab::sys::interrupted()) {
            p.stop(std::chrono::seconds(20));  // the worker tears its case down first
            break;
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        sh.hostPids[k] = 0;
      }
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
  sh.hostPids = std::make_unique<std::atomic<int>[]>(static_cast<std::size_t>(jobs));
  for (int k = 0; k < jobs; ++k) sh.hostPids[k] = 0;

  std::map<int, const PlannedCase*> byIndex;
  for (const auto& p : plan.cases) byIndex[p.c.index] = &p;
  std::map<int, CaseOutcome> done;

  auto poll = [&] {
    const auto now = Clock::now();
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
      const auto limit = std::chrono::seconds(plan.caseTimeoutSec + o.graceSec);
      if (now - seen > limit && !sh.killedForTimeout.count(c.index) && !lab::sys::interrupted()) {
        sh.killedForTimeout.insert(c.index);
        if (o.uml) lab::kernel::uml::killLeftoverGuests(workerDir(o.matrixDir, c.worker) / "uml");
        else if (int pid = sh.hostPids[c.worker]; pid > 0) ::kill(-pid, SIGKILL);
      }
    }
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
  if (o.uml) lab::kernel::uml::killLeftoverGuests(o.matrixDir);  // none should be left
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

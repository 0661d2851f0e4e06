// ping: checks (stage_checks.h), all of a stage's at once.
#include <chrono>
#include <future>

#include "harness/assert/ping_check.h"
#include "harness/run/stage_checks.h"
#include "lab/netns/netns.h"
#include "lab/sys/interrupt.h"

namespace harness::run {

void runTrafficChecks(const StageSpec& stage, const lab::core::Lab& lab, const std::string& dataplaneMissing,
                      std::vector<CheckResult>& results) {
  using Clock = std::chrono::steady_clock;
  std::vector<std::future<void>> traffic;
  for (std::size_t i = 0; i < stage.checks.size(); ++i) {
    const auto* ping = std::get_if<PingCheck>(&stage.checks[i].check);
    if (!ping) continue;
    CheckResult& r = results[i];
    if (!dataplaneMissing.empty()) {
      r.verdict = Verdict::Skip;
      r.detail = "not run: " + dataplaneMissing;
      continue;
    }
    lab::sys::throwIfInterrupted("stage " + stage.name);
    traffic.push_back(std::async(std::launch::async, [&r, ping, &lab] {
      const auto t = Clock::now();
      auto v = assert::runPing(*ping, lab.node(ping->from));
      r.seconds = std::chrono::duration<double>(Clock::now() - t).count();
      r.verdict = v.pass ? Verdict::Pass : Verdict::Fail;
      r.detail = v.detail;
      announce(r);
    }));
  }
  for (auto& f : traffic) f.wait();
  for (auto& f : traffic) f.get();  // rethrows Interrupted or a lab error
}

}  // namespace harness::run

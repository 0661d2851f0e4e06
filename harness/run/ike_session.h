#pragma once
// The IKE side of a scenario: its daemons (ike_hosts.h) and what they say
// (ike_watch.h), stage by stage.
#include <filesystem>
#include <string>

#include "harness/run/ike_hosts.h"
#include "harness/run/ike_watch.h"

namespace harness::run {

class IkeSession {
 public:
  IkeSession(const ScenarioSpec& spec, const lab::core::Lab& lab, std::filesystem::path runDir,
             std::filesystem::path artifactsDir, lab::ike::HostKeys keys)
      : hosts_(spec, lab, std::move(runDir), std::move(artifactsDir), std::move(keys)), watch_(spec, hosts_) {}

  // The first stage: daemons started, every connection brought up.
  void start(const StageSpec& first) {
    hosts_.start(first);
    watch_.forget();
  }
  // A later stage: outcomes from here on are this stage's; what it changes
  // is renegotiated.
  void applyStage(const StageSpec& stage) {
    watch_.newStage();
    watch_.keepOutcomes(hosts_.applyStage(stage));
    for (const auto& h : hosts_.replaced()) watch_.restartLog(h);  // a new daemon, a new log
    watch_.forget();
  }
  IkeWatch& watch() { return watch_; }
  const IkeHosts& hosts() const { return hosts_; }
  void stop() noexcept { hosts_.stop(); }
  void leaveRunning() noexcept { hosts_.leaveRunning(); }

 private:
  IkeHosts hosts_;
  IkeWatch watch_;
};

}  // namespace harness::run

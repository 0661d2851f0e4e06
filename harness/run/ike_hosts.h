#pragma once
// The IKE daemons of a scenario: one per IPsec host, started inside its
// namespace once per run (made by the host's IkeImplementation), carrying
// every connection of its host, reconfigured between stages: a connection
// whose settings change is taken down on both ends and brought up again
// (responders first); the others keep their SAs.
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "harness/report/result.h"
#include "harness/run/conn_plan.h"
#include "harness/scenario/scenario_spec.h"
#include "lab/core/lab.h"
#include "lab/ike/host_keys.h"
#include "lab/ike/ike_daemon.h"

namespace harness::run {

// The key entries a scenario's daemons use (lab/ike/host_keys.h).
std::vector<lab::ike::KeyEntryRequest> keyRequests(const ScenarioSpec& spec);

class IkeHosts {
 public:
  // `keys`: where this run's key entries are made (by whoever runs
  // keys.make(keyRequests(spec))); start() waits for them.
  IkeHosts(const ScenarioSpec& spec, const lab::core::Lab& lab, std::filesystem::path runDir,
           std::filesystem::path artifactsDir, lab::ike::HostKeys keys);
  ~IkeHosts();
  IkeHosts(const IkeHosts&) = delete;
  IkeHosts& operator=(const IkeHosts&) = delete;

  // Daemons made, credentials in place (PSKs per run, key entries per host),
  // the first stage's configuration written, daemons started, every
  // connection brought up.
  void start(const StageSpec& first);
  // Takes down what this stage changes and brings it up again. Returns the
  // connections it (re)started; the others kept their SAs.
  std::vector<std::string> applyStage(const StageSpec& stage);
  void stop() noexcept;
  // A kept lab: every daemon goes on running (labrun clean stops them).
  void leaveRunning() noexcept {
    for (auto& [host, d] : daemons_) d->leaveRunning();
  }
  // host → its daemon's tool command lines on its own control socket.
  std::map<std::string, std::vector<std::string>> toolCommands() const {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& [host, d] : daemons_) out[host] = d->toolCommands();
    return out;
  }

  const std::vector<std::string>& hosts() const { return hosts_; }
  lab::ike::IkeDaemon& daemon(const std::string& host) const { return *daemons_.at(host); }
  // `conn` as `host` runs it in the current stage.
  const lab::ike::ConnSpec& current(const std::string& conn, const std::string& host) const {
    return current_.at(conn).at(host).config.conn;
  }
  // "libreswan 4.10 (A) <-> strongswan 5.9.8 (B), IKEv2, psk, GRE over IPsec" (per connection).
  std::string describe() const;
  // Every daemon started so far (a host moved to another release by a stage
  // has one per release), for the reports.
  const std::vector<DaemonInfo>& started() const { return started_; }
  // Hosts whose daemon the last applyStage() replaced (their logs start over).
  const std::vector<std::string>& replaced() const { return replaced_; }

 private:
  std::map<std::string, std::map<std::string, EndPlan>> planStage(const StageSpec& stage) const;
  void configure(const StageSpec& stage, std::map<std::string, std::map<std::string, EndPlan>> plans);
  void showNotes(const std::string& host, const EndPlan& p);
  void bringUp(const std::vector<std::string>& conns);
  void injectKill(const StageSpec& stage);
  // A daemon for `host` on `release` ("" : the machine's own), not started;
  // recorded in started_ as of `stage`.
  std::unique_ptr<lab::ike::IkeDaemon> makeDaemon(const std::string& host, const std::string& release,
                                                  const std::string& stage);
  // The stage's `release:` moves: those hosts' connections go down on both
  // ends and their daemons are replaced (started later, once configured).
  std::vector<std::string> moveReleases(const StageSpec& stage);

  const ScenarioSpec& spec_;
  const lab::core::Lab& lab_;
  std::filesystem::path runDir_;
  std::filesystem::path artifactsDir_;
  lab::ike::HostKeys keys_;
  std::vector<std::string> hosts_;
  std::map<std::string, std::unique_ptr<lab::ike::IkeDaemon>> daemons_;
  std::unique_ptr<ConnPlan> plan_;
  std::map<std::string, std::map<std::string, EndPlan>> current_;  // conn → host → plan
  std::set<std::string> notesShown_;  // own configs whose notes were printed
  bool lastHadFault_ = false;
  std::map<std::string, std::string> release_;  // host → the release its daemon runs from now
  std::vector<DaemonInfo> started_;
  std::vector<std::string> replaced_;
};

}  // namespace harness::run

#pragma once
// The IKE side of a scenario: one daemon per IPsec end, started inside its
// host's namespace once per run, reconfigured between stages, and asked (never
// slept on) whether the tunnel is up.
#include <chrono>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "harness/assert/ike_outcomes.h"
#include "harness/report/result.h"
#include "harness/run/status_gate.h"
#include "harness/scenario/scenario_spec.h"
#include "lab/core/lab.h"
#include "lab/ike/host_keys.h"
#include "lab/ike/ike_daemon.h"

namespace harness::run {

struct TunnelVerdict {
  bool ikeUp = false;    // both ends report the IKE SA established
  bool childUp = false;  // both ends report the IPsec SA installed
  bool daemonDied = false;
  double seconds = 0;    // until the condition held (or the timeout)
  std::string detail;    // what each end said
  std::vector<assert::OutcomeEvent> events;  // outcomes seen in the logs this stage
};

struct OutcomeVerdict {
  bool pass = false;
  double seconds = 0;
  std::string seen;      // "notify:INVALID_ID_INFORMATION at A (libreswan 4.10)", or ""
  std::string detail;
};

// The key entries a scenario's daemons use (lab/ike/host_keys.h).
std::vector<lab::ike::KeyEntryRequest> keyRequests(const ScenarioSpec& spec);

// How old a daemon's last status answer may get while its log stays quiet.
inline constexpr std::chrono::milliseconds kStatusFallback{500};

class IkeSession {
 public:
  // `keys`: where this run's key entries are made (by whoever runs
  // keys.make(keyRequests(spec))); start() waits for them.
  IkeSession(const ScenarioSpec& spec, const lab::core::Lab& lab, std::filesystem::path runDir,
             std::filesystem::path artifactsDir, lab::ike::HostKeys keys);
  ~IkeSession();
  IkeSession(const IkeSession&) = delete;
  IkeSession& operator=(const IkeSession&) = delete;

  // Daemons made, credentials in place (PSK per run, key entries per host),
  // the first stage's configuration written, daemons started.
  void start(const StageSpec& first);
  // Takes the previous stage's connection down and brings this stage's up
  // (responder first, then the initiator). A stage whose settings equal the
  // previous stage's keeps the running SAs.
  void applyStage(const StageSpec& stage);
  // Polls both daemons until the check's state holds or its timeout passes.
  // ikeOnly (a kernel without ESP): the IKE SA on both ends is all there is.
  TunnelVerdict waitTunnel(const TunnelCheck& check, bool ikeOnly = false);
  // Waits for an IKE outcome (see IkeCheck): passes as soon as it is seen.
  OutcomeVerdict waitOutcome(const IkeCheck& check);
  // "why: ..." lines for what this stage's logs show; empty if nothing to explain.
  std::string explainStage() const;
  const std::vector<assert::OutcomeEvent>& stageEvents() const { return stageEvents_; }
  void stop() noexcept;

  // This host's connection for a stage: defaults, then ipsec.set, then stage.set.
  lab::ike::ConnSpec connFor(int end, const StageSpec& stage) const;
  // "libreswan 4.10 (A) <-> strongswan 5.9.8 (B), IKEv2, psk".
  std::string describe() const;

 private:
  struct End {
    std::string host;
    std::unique_ptr<lab::ike::IkeDaemon> daemon;
    lab::ike::Credentials creds;
  };
  void configure(const StageSpec& stage);
  void bringUp();
  // The stage's credentials for an end (a wrong-psk fault swaps the PSK).
  lab::ike::Credentials credsFor(int end, const StageSpec& stage) const;
  void injectKill(const StageSpec& stage);
  // Skips log lines written so far (outcomes are per stage).
  void drainLogs();
  void collectEvents();
  // Both daemons' state now. `at` (a host) limits ikeUp/childUp to that end;
  // detail has one line per end either way.
  struct EndsStatus {
    bool died = false;
    bool ikeUp = true;
    bool childUp = true;
    std::string detail;
  };
  // mustAsk: ask both daemons now (at a wait's deadline); otherwise an end
  // whose daemon's status follows its log is asked only when its log grew
  // since the last answer, or that answer is kStatusFallback old (StatusGate).
  EndsStatus pollEnds(const std::string& at = "", bool mustAsk = false);
  lab::ike::SaStatus statusOf(int end, bool mustAsk);
  // Forgets the daemons' last answers (after up()/down()).
  void forgetStatus();
  // Versions whose outcome tables were not verified (a note for verdicts).
  std::string unverifiedNote() const;

  const ScenarioSpec& spec_;
  const IpsecSpec& ipsec_;
  const lab::core::Lab& lab_;
  std::filesystem::path runDir_;
  std::filesystem::path artifactsDir_;
  lab::ike::HostKeys keys_;
  End ends_[2];
  lab::ike::ConnSpec current_[2];
  std::string currentPsk_[2];
  std::string otherPsk_;  // what a wrong-psk fault gives its host
  std::size_t logOffset_[2] = {0, 0};
  // Each end's last status() answer, and when to ask again.
  lab::ike::SaStatus lastStatus_[2];
  StatusGate statusGate_[2] = {StatusGate(kStatusFallback), StatusGate(kStatusFallback)};
  std::vector<assert::OutcomeEvent> stageEvents_;
  std::set<std::string> notesShown_;  // literal configs whose notes were printed
  bool lastHadFault_ = false;
};

}  // namespace harness::run

#pragma once
// Watching the IKE daemons during a stage, never sleeping on them: new log
// lines are matched against each implementation's outcome table as they
// come (events, attributed to the connection a line names), and the SA state
// is read from each daemon's control interface — for a daemon whose status
// follows its log, only when its log moved (StatusGate).
#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "harness/run/ike_hosts.h"
#include "harness/run/status_gate.h"
#include "harness/scenario/scenario_spec.h"
#include "lab/ike/outcomes.h"

namespace harness::run {

struct TunnelVerdict {
  bool ikeUp = false;    // both ends report the IKE SA established (every judged connection)
  bool childUp = false;  // both ends report the IPsec SA installed
  bool daemonDied = false;
  double seconds = 0;    // until the condition held (or the timeout)
  std::string detail;    // what each end said
  std::vector<lab::ike::OutcomeEvent> events;  // outcomes seen in the logs this stage (see keepOutcomes)
  std::vector<std::string> kept;  // judged connections whose outcomes an earlier stage logged (keepOutcomes)
};

struct OutcomeVerdict {
  bool pass = false;
  double seconds = 0;
  std::string seen;      // "notify:INVALID_ID_INFORMATION at A (libreswan 4.10)", or ""
  std::string detail;
};

// How old a daemon's last status answer may get while its log stays quiet.
inline constexpr std::chrono::milliseconds kStatusFallback{500};

class IkeWatch {
 public:
  IkeWatch(const ScenarioSpec& spec, const IkeHosts& hosts);

  // A new stage, before its changes: log lines written so far are skipped.
  void newStage();
  // After the stage's changes (`changed`: the connections it renegotiates):
  // the last stage's events are cleared, except that the other connections,
  // left as they were (same config, same daemons), keep the outcomes their
  // last negotiation logged.
  // Nothing renegotiates them, so a tunnel that failed for good fails the
  // same way now, at once, instead of after its timeout with no new line.
  // Only tunnel checks read them; ike: checks and the ladder are the stage's.
  void keepOutcomes(const std::vector<std::string>& changed);
  // The daemons' state changed (up/down): ask each afresh.
  void forget();
  // `host`'s daemon was replaced: its log is read from the start.
  void restartLog(const std::string& host) { logOffset_[host] = 0; }
  // Polls the daemons until the check's state holds or its timeout passes.
  // ikeOnly (a kernel without ESP): the IKE SA on both ends is all there is.
  TunnelVerdict waitTunnel(const TunnelCheck& check, bool ikeOnly = false);
  // Waits for an IKE outcome (see IkeCheck): passes as soon as it is seen.
  OutcomeVerdict waitOutcome(const IkeCheck& check);
  const std::vector<lab::ike::OutcomeEvent>& events() const { return events_; }
  // Reads what the daemons logged since the last poll (a stage's last lines,
  // for its ladder).
  void catchUp() { collect(); }
  // "why: ..." lines for what this stage's logs show; empty if nothing to explain.
  std::string explain() const;

 private:
  struct EndsStatus {
    bool died = false;
    bool ikeUp = true;
    bool childUp = true;
    std::string detail;
  };
  void collect();
  // The connections a check judges: one, or every one (of `at`, if given).
  std::vector<std::string> judged(const std::string& conn, const std::string& at) const;
  // Every end of `conns` now; `at` (a host) limits ikeUp/childUp to that end.
  // mustAsk: ask every daemon now (at a wait's deadline).
  EndsStatus poll(const std::vector<std::string>& conns, const std::string& at, bool mustAsk);
  lab::ike::SaStatus statusOf(const std::string& host, const std::string& conn, bool mustAsk);
  std::string unverifiedNote() const;
  bool relevant(const lab::ike::OutcomeEvent& e, const std::vector<std::string>& conns) const;

  const ScenarioSpec& spec_;
  const IkeHosts& hosts_;
  std::map<std::string, std::size_t> logOffset_;
  std::map<std::string, StatusGate> gate_;
  std::map<std::pair<std::string, std::string>, lab::ike::SaStatus> last_;
  std::map<std::string, bool> askedThisPass_;
  std::vector<lab::ike::OutcomeEvent> events_;
  std::vector<lab::ike::OutcomeEvent> kept_;      // from earlier stages, for unchanged connections
};

}  // namespace harness::run

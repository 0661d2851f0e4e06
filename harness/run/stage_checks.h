#pragma once
// A stage's checks, by kind, each judged where its evidence is:
//   IKE (tunnel:, ike:)   from the daemons (ike_checks.cpp), first, in order
//   traffic (ping:)       all at once, each in its own namespace (traffic_checks.cpp)
//   wire (wire:)          on the stage's captures (wire_checks.cpp), plus the
//                         kernel's SA counters against the ESP on the wire
// Results keep the scenario's order; each is announced as it is judged.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "harness/assert/xfrm_check.h"
#include "harness/report/result.h"
#include "harness/scenario/scenario_spec.h"
#include "lab/core/lab.h"

namespace harness::capture {
class CaptureSet;
class EspKeyring;
}

namespace harness::run {

class IkeSession;

// One line per check as it is judged ("    PASS ping A -> 10.0.0.2  (0.1s)"),
// with the detail of a failure indented below.
void announce(const CheckResult& c);

// tunnel: and ike: checks, then the stage's explanation (why/fix) appended
// to each of them when the logs call for one.
void judgeIkeChecks(const StageSpec& stage, IkeSession& ike, const std::string& dataplaneMissing,
                    std::vector<CheckResult>& results);
// ping: checks, at once. dataplaneMissing: skipped with that reason.
void runTrafficChecks(const StageSpec& stage, const lab::core::Lab& lab, const std::string& dataplaneMissing,
                      std::vector<CheckResult>& results);
// wire: checks on the stopped captures.
void judgeWireChecks(const StageSpec& stage, const lab::core::Lab& lab, capture::CaptureSet& caps,
                     bool captured, const std::string& dataplaneMissing, std::vector<CheckResult>& results);

// Kernel SA counters of every IPsec host, before the stage's traffic.
std::map<std::string, assert::XfrmSnapshot> snapshotXfrm(const ScenarioSpec& spec, const lab::core::Lab& lab);
// One check per host with SAs: its kernel's counters moved as the ESP on its links says.
void crossCheckXfrm(const ScenarioSpec& spec, const StageSpec& stage, const lab::core::Lab& lab,
                    const capture::CaptureSet& caps, const std::map<std::string, assert::XfrmSnapshot>& before,
                    std::vector<CheckResult>& out);

// Every ESP SA of every IPsec host (XFRM netlink in its namespace), into keys.
void readEspKeys(const ScenarioSpec& spec, const lab::core::Lab& lab, capture::EspKeyring& keys);
// After the captures stopped: the hosts' SAs added to keys, every capture
// decoded again decrypting its ESP (esp_checks.cpp), the outcome added to
// total, Wireshark's esp_sa written under artifacts/wireshark, and one
// check when the stage saw ESP: every packet decrypted, none failed.
void decryptCaptures(const ScenarioSpec& spec, const StageSpec& stage, const lab::core::Lab& lab,
                     capture::CaptureSet& caps, const std::filesystem::path& artifacts, capture::EspKeyring& keys,
                     EspCounts* total, std::vector<CheckResult>& out);

}  // namespace harness::run

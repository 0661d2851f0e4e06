// Inside the tunnel (stage_checks.h): each host's ESP SAs read from its
// kernel, every capture decoded again with them, the outcome counted, and
// Wireshark's esp_sa table written for the user.
#include <chrono>

#include "harness/capture/capture.h"
#include "harness/capture/esp_wireshark.h"
#include "harness/capture/xfrm_counters.h"
#include "harness/run/stage_checks.h"
#include "lab/netns/netns.h"

namespace harness::run {
namespace {

using Clock = std::chrono::steady_clock;

void count(const capture::DecodedPacket& p, EspCounts& c) {
  if (!p.espStatus) return;
  switch (*p.espStatus) {
    case capture::EspStatus::Decrypted: ++c.decrypted; break;
    case capture::EspStatus::IcvFailed: ++c.icvFailed; break;
    case capture::EspStatus::NoSa: ++c.noSa; break;
    default: ++c.other; break;
  }
}

}  // namespace

void readEspKeys(const ScenarioSpec& spec, const lab::core::Lab& lab, capture::EspKeyring& keys) {
  for (const auto& host : spec.ipsec->hosts())
    for (auto& sa : capture::readXfrmCounters(lab.node(host)))
      if (sa.proto == "esp") keys.add(std::move(sa.esp));
}

void decryptCaptures(const ScenarioSpec& spec, const StageSpec& stage, const lab::core::Lab& lab,
                     capture::CaptureSet& caps, const std::filesystem::path& artifacts, capture::EspKeyring& keys,
                     EspCounts* total, std::vector<CheckResult>& out) {
  const auto t = Clock::now();
  readEspKeys(spec, lab, keys);
  EspCounts stageCounts;
  std::string firstFailure;
  for (const auto& cap : caps.captures()) {
    cap->decryptWith(keys);
    for (const auto& p : cap->packets()) {
      count(p, stageCounts);
      if (firstFailure.empty() && p.espStatus && *p.espStatus != capture::EspStatus::Decrypted)
        firstFailure = p.summary() + " (" + cap->file().filename().string() + ")";
    }
  }
  if (!keys.empty()) capture::writeWiresharkConfig(artifacts / "wireshark", keys);
  if (total) *total += stageCounts;
  if (stageCounts.total() == 0) return;

  CheckResult r;
  r.stage = stage.name;
  r.check = "esp: every ESP packet decrypted with the hosts' SAs, ICV verified";
  r.verdict = stageCounts.failed() == 0 ? Verdict::Pass : Verdict::Fail;
  r.detail = stageCounts.describe();
  if (!firstFailure.empty()) r.detail += "\nfirst: " + firstFailure;
  r.seconds = std::chrono::duration<double>(Clock::now() - t).count();
  announce(r);
  out.push_back(std::move(r));
}

}  // namespace harness::run

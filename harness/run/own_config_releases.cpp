#include "harness/run/own_config_releases.h"

#include "harness/run/releases.h"
#include "lab/ike/registry.h"

namespace harness::run {
namespace {

// What of `host`'s own configs needs a root ("" if nothing).
std::string needOf(const ScenarioSpec& spec, const std::string& host) {
  const auto& impl = lab::ike::implementation(spec.ipsec->daemons.at(host));
  for (const auto& own : ownConfigsOf(spec, host))
    if (auto n = impl.ownConfigRelease(own); !n.empty()) return n;
  return "";
}

}  // namespace

OwnConfigReleases defaultOwnConfigReleases(ScenarioSpec& spec, const std::string& machine) {
  OwnConfigReleases out;
  if (!spec.ipsec || machine.empty()) return out;
  for (auto& h : spec.topology.hosts) {
    if (!h.release.empty() || !spec.ipsec->daemons.count(h.name)) continue;
    const std::string need = needOf(spec, h.name);
    if (need.empty()) continue;
    h.release = machine;
    out.assigned[h.name] = machine;
    out.notes.push_back("    " + h.name + "'s own config runs with " + need + " from Debian " + machine +
                        " (this machine's release; --release " + h.name + "=RELEASE for another)");
  }
  return out;
}

std::string withAssignedReleases(const std::string& release, const std::map<std::string, std::string>& assigned) {
  std::string out = release;
  for (const auto& [host, r] : assigned) out += (out.empty() ? "" : ",") + host + "=" + r;
  return out;
}

}  // namespace harness::run

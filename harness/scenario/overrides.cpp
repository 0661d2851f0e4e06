#include "harness/scenario/overrides.h"

#include <algorithm>
#include <sstream>

#include "harness/scenario/names.h"
#include "harness/scenario/suggest.h"
#include "lab/ike/registry.h"

namespace harness::scenario {
namespace {

std::string checkImplementation(const std::string& d) {
  const auto known = lab::ike::implementationNames();
  if (std::find(known.begin(), known.end(), d) != known.end()) return d;
  std::string hint;
  if (auto n = nearest(d, known)) hint = " (did you mean '" + *n + "'?)";
  throw UsageError("--ike: unknown IKE daemon '" + d + "'" + hint + "; known: " + joinNames(known));
}

}  // namespace

namespace {

// "VALUE" → {"": VALUE}; "A=V1,C=V2" → {A: V1, C: V2}; each value checked.
template <class Check>
std::map<std::string, std::string> parseHostAssignment(const std::string& value, const std::string& flag,
                                                       const std::string& example, Check check) {
  std::map<std::string, std::string> out;
  if (value.find('=') == std::string::npos) {
    out[""] = check(value);
    return out;
  }
  std::stringstream ss(value);
  for (std::string item; std::getline(ss, item, ',');) {
    auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError(flag + ": expected " + example + " in '" + item + "'");
    out[item.substr(0, eq)] = check(item.substr(eq + 1));
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> parseIkeAssignment(const std::string& value) {
  return parseHostAssignment(value, "--ike", "HOST=DAEMON (e.g. A=libreswan,B=strongswan)",
                             [](const std::string& v) { return checkImplementation(v); });
}

void applyIkeOverrides(ScenarioSpec& spec, const IkeOverrides& o) {
  applyReleaseOverride(spec, o.release);
  if (!o.any()) return;
  if (!spec.ipsec) throw UsageError("--ike/--ikev/--auth: scenario " + spec.name + " has no ipsec: section");
  IpsecSpec& s = *spec.ipsec;
  if (!o.ike.empty()) {
    const auto hosts = s.hosts();
    for (const auto& [host, impl] : parseIkeAssignment(o.ike)) {
      if (host.empty()) {
        for (const auto& h : hosts) s.daemons[h] = impl;
      } else if (std::find(hosts.begin(), hosts.end(), host) != hosts.end()) {
        s.daemons[host] = impl;
      } else {
        throw UsageError("--ike: '" + host + "' is not an end of an IPsec connection (" + joinNames(hosts) + ")");
      }
    }
  }
  if (!o.ikev.empty() && o.ikev != "1" && o.ikev != "2")
    throw UsageError("--ikev: expected 1 or 2, got '" + o.ikev + "'");
  if (!o.auth.empty() && o.auth != "psk" && o.auth != "rsa")
    throw UsageError("--auth: expected psk or rsa, got '" + o.auth + "'");
  for (auto& c : s.conns) {
    if (!o.ikev.empty()) {
      c.ikeVersion = o.ikev == "1" ? 1 : 2;
      c.ikeStated = true;
    }
    if (!o.auth.empty()) c.auth = o.auth == "rsa" ? lab::ike::Auth::Rsa : lab::ike::Auth::Psk;
  }
}

std::map<std::string, std::string> parseReleaseAssignment(const std::string& value) {
  return parseHostAssignment(value, "--release", "HOST=RELEASE (e.g. A=bullseye,C=trixie)", [](const std::string& name) {
    if (auto p = releaseNameProblem(name); !p.empty()) throw UsageError("--release: " + p);
    return name;
  });
}

void applyReleaseOverride(ScenarioSpec& spec, const std::string& release) {
  if (release.empty()) return;
  if (!spec.ipsec) throw UsageError("--release: scenario " + spec.name + " has no ipsec: section (no IKE daemon)");
  const auto ends = spec.ipsec->hosts();
  for (const auto& [host, name] : parseReleaseAssignment(release)) {
    if (!host.empty() && std::find(ends.begin(), ends.end(), host) == ends.end())
      throw UsageError("--release: '" + host + "' is not an end of an IPsec connection (" + joinNames(ends) + ")");
    for (auto& h : spec.topology.hosts)
      if (host.empty() ? std::find(ends.begin(), ends.end(), h.name) != ends.end() : h.name == host)
        h.release = name;
  }
}

}  // namespace harness::scenario

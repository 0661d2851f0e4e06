#include "harness/scenario/overrides.h"

#include <algorithm>
#include <sstream>

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

std::map<std::string, std::string> parseIkeAssignment(const std::string& value) {
  std::map<std::string, std::string> out;
  if (value.find('=') == std::string::npos) {
    out[""] = checkImplementation(value);
    return out;
  }
  std::stringstream ss(value);
  for (std::string item; std::getline(ss, item, ',');) {
    auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError("--ike: expected HOST=DAEMON in '" + item + "' (e.g. A=libreswan,B=strongswan)");
    out[item.substr(0, eq)] = checkImplementation(item.substr(eq + 1));
  }
  return out;
}

void applyIkeOverrides(ScenarioSpec& spec, const IkeOverrides& o) {
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

}  // namespace harness::scenario

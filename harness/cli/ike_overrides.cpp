#include "harness/cli/ike_overrides.h"

#include <sstream>

#include "harness/cli/scenario_locator.h"
#include "harness/scenario/suggest.h"
#include "lab/ike/ike_registry.h"

namespace harness::cli {
namespace {

std::string checkDaemon(const std::string& d) {
  const auto& known = lab::ike::knownDaemons();
  for (const auto& k : known)
    if (k == d) return d;
  std::string hint;
  if (auto n = scenario::nearest(d, known)) hint = " (did you mean '" + *n + "'?)";
  throw UsageError("--ike: unknown IKE daemon '" + d + "'" + hint + "; known: " + scenario::joinNames(known));
}

}  // namespace

void applyIkeOverrides(ScenarioSpec& spec, const IkeOverrides& o) {
  if (!o.any()) return;
  if (!spec.ipsec)
    throw UsageError("--ike/--ikev/--auth: scenario " + spec.name + " has no ipsec: section");
  IpsecSpec& s = *spec.ipsec;
  if (!o.ike.empty()) {
    if (o.ike.find('=') == std::string::npos) {
      s.daemons[0] = s.daemons[1] = checkDaemon(o.ike);
    } else {
      std::stringstream ss(o.ike);
      for (std::string item; std::getline(ss, item, ',');) {
        auto eq = item.find('=');
        if (eq == std::string::npos)
          throw UsageError("--ike: expected HOST=DAEMON in '" + item + "' (e.g. A=libreswan,B=strongswan)");
        const std::string host = item.substr(0, eq);
        const std::string daemon = checkDaemon(item.substr(eq + 1));
        if (host == s.hosts[0]) s.daemons[0] = daemon;
        else if (host == s.hosts[1]) s.daemons[1] = daemon;
        else
          throw UsageError("--ike: '" + host + "' is not an end of the IPsec connection (" + s.hosts[0] +
                           ", " + s.hosts[1] + ")");
      }
    }
  }
  if (!o.ikev.empty()) {
    if (o.ikev != "1" && o.ikev != "2") throw UsageError("--ikev: expected 1 or 2, got '" + o.ikev + "'");
    s.ikeVersion = o.ikev == "1" ? 1 : 2;
    s.ikeStated = true;
  }
  if (!o.auth.empty()) {
    if (o.auth != "psk" && o.auth != "rsa") throw UsageError("--auth: expected psk or rsa, got '" + o.auth + "'");
    s.auth = o.auth == "rsa" ? lab::ike::Auth::Rsa : lab::ike::Auth::Psk;
  }
}

}  // namespace harness::cli

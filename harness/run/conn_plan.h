#pragma once
// What each IKE daemon carries in a stage, derived from the scenario alone
// (no daemons, no syscalls): for every connection and each of its ends,
// labrun's defaults, then the connection's `set:`, then the stage's `set:`
// and `mode:`, or the end's own config (bring your own) as its
// implementation reads it; and the credentials: one PSK per connection per
// run (a wrong-psk fault gives its host another), the ends' RSA keys.
#include <map>
#include <string>
#include <vector>

#include "harness/scenario/scenario_spec.h"
#include "lab/ike/ike_daemon.h"
#include "lab/ike/own_config.h"

namespace lab::ike {
class IkeImplementation;
}

namespace harness::run {

// One end of one connection in one stage.
struct EndPlan {
  lab::ike::ConnConfig config;     // what its daemon gets
  std::vector<std::string> notes;  // its own config: where this version reads it differently
  bool own = false;                // the end runs its own config
};

class ConnPlan {
 public:
  // `impls`/`versions`: each IPsec host's implementation and daemon version.
  ConnPlan(const ScenarioSpec& spec, std::map<std::string, const lab::ike::IkeImplementation*> impls,
           std::map<std::string, std::string> versions);

  // Per-run secrets: one PSK per connection, and the one a wrong-psk fault
  // gives its host; RSA public keys per host.
  void setSecrets(std::map<std::string, std::string> pskPerConn, std::string wrongPsk);
  void setPublicKey(const std::string& host, lab::ike::PublicKey key);
  // `host`'s daemon now runs `version` (a stage moved it to another release).
  void setVersion(const std::string& host, std::string version) { versions_[host] = std::move(version); }

  // `conn` as `host` runs it in `stage`. Throws sys::EnvironmentError when
  // the end's own config is in a format its implementation does not run.
  EndPlan endPlan(const IpsecConn& conn, const std::string& host, const StageSpec& stage) const;
  // Everything `host`'s daemon carries in `stage`, in the scenario's order.
  std::vector<EndPlan> hostPlan(const std::string& host, const StageSpec& stage) const;

 private:
  lab::ike::ConnSpec defaults(const IpsecConn& conn, const std::string& host, const StageSpec& stage) const;
  lab::ike::Credentials credentials(const IpsecConn& conn, const std::string& host, const StageSpec& stage) const;

  const ScenarioSpec& spec_;
  std::map<std::string, const lab::ike::IkeImplementation*> impls_;
  std::map<std::string, std::string> versions_;
  std::map<std::string, std::string> psk_;
  std::string wrongPsk_;
  std::map<std::string, lab::ike::PublicKey> keys_;
};

}  // namespace harness::run

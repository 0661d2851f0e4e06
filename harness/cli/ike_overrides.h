#pragma once
// --ike, --ikev, --auth: choose the IKE implementation, version and
// authentication without editing the scenario file.
#include <string>

#include "harness/scenario/scenario_spec.h"

namespace harness::cli {

struct IkeOverrides {
  std::string ike;   // "libreswan" | "strongswan" | "A=libreswan,B=strongswan"
  std::string ikev;  // "1" | "2"
  std::string auth;  // "psk" | "rsa"
  bool any() const { return !ike.empty() || !ikev.empty() || !auth.empty(); }
};

// Throws UsageError (exit 2) for a bad value or a scenario without ipsec:.
void applyIkeOverrides(ScenarioSpec& spec, const IkeOverrides& o);

}  // namespace harness::cli

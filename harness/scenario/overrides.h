#pragma once
// --ike, --ikev, --auth: choose the IKE implementations, version and
// authentication without editing the scenario file.
#include <map>
#include <string>

#include "harness/scenario/scenario_spec.h"
#include "harness/scenario/usage_error.h"

namespace harness::scenario {

struct IkeOverrides {
  std::string ike;   // "libreswan" | "strongswan" | "A=libreswan,B=strongswan"
  std::string ikev;  // "1" | "2"
  std::string auth;  // "psk" | "rsa"
  std::string release;  // "bullseye" | "A=bullseye,C=trixie": the hosts' Debian releases
  bool any() const { return !ike.empty() || !ikev.empty() || !auth.empty(); }
};

// "bullseye" → {"": bullseye}; "A=bullseye,C=trixie" → {A:..., C:...}.
// Throws UsageError for a malformed name (whether Debian serves it is
// learnt when its root is built).
std::map<std::string, std::string> parseReleaseAssignment(const std::string& value);

// --release: every IPsec host's release ("bullseye"), or the named hosts'.
// Throws UsageError for a host that runs no IKE daemon.
void applyReleaseOverride(ScenarioSpec& spec, const std::string& release);

// "libreswan" → {"": libreswan}; "A=libreswan,B=strongswan" → {A:..., B:...}.
// Throws UsageError for an unknown implementation (with the nearest name).
std::map<std::string, std::string> parseIkeAssignment(const std::string& value);

// Every IPsec host's implementation (all connections), --ikev and --auth on
// every connection, --release (applyReleaseOverride). Throws UsageError (exit 2) for a bad value or a
// scenario without ipsec:.
void applyIkeOverrides(ScenarioSpec& spec, const IkeOverrides& o);

}  // namespace harness::scenario

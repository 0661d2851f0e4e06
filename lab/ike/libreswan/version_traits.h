#pragma once
// What differs between libreswan versions, in one place: each trait says
// from which version on it holds (Debian's builds, which labrun runs).
// Outcome lines that moved between versions are in outcomes.cpp (each rule
// with its VersionRange); everything else that depends on the version is
// asked here.
#include <string>

#include "lab/ike/version.h"

namespace lab::ike::libreswan {

struct VersionTraits {
  Version version;
  // Debian's build sets ikev1-policy=drop (IKEv1 conns refused unless
  // config setup says ikev1-policy=accept): 4.5 and later.
  bool dropsIkev1ByDefault = true;
  // config setup knows `ikev1-policy=` (4.5 and later: bullseye's 4.3 does
  // not, and addconn refuses a config that has it).
  bool knowsIkev1Policy = true;
  // A conn without ikev2=/keyexchange= negotiates IKEv2 (4.0 and later;
  // libreswan 3, which the article ran, chose IKEv1).
  bool ikev2ByDefault = true;
};

// Traits of `version`; an unknown version gets those of the newest known.
VersionTraits traitsOf(const std::string& version);

}  // namespace lab::ike::libreswan

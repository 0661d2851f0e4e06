#pragma once
// What differs between libreswan versions, in one place: each trait says
// from which version on it holds (Debian's builds, which labrun runs), as
// found in libreswan's own history (git tags) and checked on the real
// daemons 4.3 (bullseye), 4.10 (bookworm) and 5.2 (trixie). Outcome lines
// that moved between versions are in outcomes.cpp (each rule with its
// VersionRange); everything else that depends on the version is asked here,
// never by comparing version strings where it is used.
#include <string>

#include "lab/ike/version.h"

namespace lab::ike::libreswan {

struct VersionTraits {
  Version version;
  // IKEv1 conns refused unless config setup says ikev1-policy=accept:
  // Debian's build of 4.5-4.x sets drop; upstream's default is drop from
  // 5.0 (server.c: pluto_ikev1_pol = GLOBAL_IKEv1_DROP).
  bool dropsIkev1ByDefault = true;
  // config setup knows `ikev1-policy=` (4.5 and later: bullseye's 4.3 does
  // not, and addconn refuses a config that has it).
  bool knowsIkev1Policy = true;
  // A conn without ikev2=/keyexchange= negotiates IKEv2 (4.0 and later;
  // libreswan 3, which the article ran, chose IKEv1).
  bool ikev2ByDefault = true;
  // The IKE version is stated as keyexchange=ikev1|ikev2 (5.0 and later,
  // commit 5e2be3d6c8). 5.x still reads ikev2=yes|no but logs
  // `"gre1": ikev2=yes has been replaced by keyexchange=ikev2`; 4.x knows
  // only keyexchange=ike and refuses keyexchange=ikev1.
  bool keyexchangeNamesVersion = true;
  // An IKEv2 responder narrows a wide address selector (rightsubnet=0/0,
  // narrowing=yes) to the initiator's proposed address (4.7 and later,
  // commit 360d60753f "add traffic selector address range narrowing").
  // 4.3 answers with the whole 0.0.0.0/0 and the initiator refuses it
  // (TS_UNACCEPTABLE).
  bool narrowsSelectorAddresses = true;
};

// Not a trait: default proposals. 5.2 changed them (IKEv2 DH order
// ECP_256 first, was MODP2048; IKEv1 adds ECP_256/curve25519 groups and
// GCM/3DES/SHA2 ESP) but every pair of 4.3/4.10/5.2 still shares one, checked
// with own conns without ike=/esp= both ways round, IKEv1 and IKEv2: IKEv1
// agrees on AES_CBC_256-HMAC_SHA2_256-MODP2048 / ESP AES_CBC_128-HMAC_SHA1_96,
// IKEv2 costs one INVALID_KE_PAYLOAD round trip ("Received unauthenticated
// INVALID_KE_PAYLOAD response to DH MODP2048; resending with suggested DH
// DH19") and settles on AES_GCM_16_256. No NO_PROPOSAL_CHOSEN between them.

// Traits of `version`; an unknown version gets those of the newest known.
VersionTraits traitsOf(const std::string& version);

}  // namespace lab::ike::libreswan

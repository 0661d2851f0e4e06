#pragma once
// Fixtures for the renderers' tests: A's GRE-over-IPsec conn to B, a fake
// PSK and fake PEM public keys (what the renderers copy is all that matters,
// not whether the keys are real).
#include <string>

#include "lab/ike/conn_spec.h"

namespace fake {

inline const std::string kSelfPem = "-----BEGIN PUBLIC KEY-----\nSELF\n-----END PUBLIC KEY-----\n";
inline const std::string kPeerPem = "-----BEGIN PUBLIC KEY-----\nPEER\n-----END PUBLIC KEY-----\n";

inline lab::ike::ConnSpec greOverIpsec(int version, lab::ike::Auth auth = lab::ike::Auth::Psk) {
  lab::ike::ConnSpec c;
  c.name = "gre1";
  c.mode = lab::ike::Mode::GreOverIpsec;
  c.ikeVersion = version;
  c.left = "1.0.0.4";
  c.right = "1.0.0.5";
  c.initiator = true;
  c.auth = auth;
  return c;
}

inline lab::ike::Credentials psk() {
  lab::ike::Credentials c;
  c.psk = "fake-psk-0123456789";
  return c;
}

inline lab::ike::Credentials rsa() {
  lab::ike::Credentials c;
  c.self.pem = kSelfPem;
  c.peer.pem = kPeerPem;
  return c;
}

}  // namespace fake

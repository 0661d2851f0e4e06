#pragma once
// One host's view of the IPsec connection ("left" = this host), as plain data.
// The scenario states the tunnel once; harness turns it into a ConnSpec per
// host, and each implementation renders it in its own syntax.
#include <string>

namespace lab::ike {

enum class Auth { Psk, Rsa };
enum class Mode {
  GreOverIpsec,  // transport mode between the public addresses, traffic selectors GRE only
  IpsecOverGre,  // tunnel mode between the GRE inner addresses (no protoport)
};

struct ConnSpec {
  std::string name = "gre1";  // connection name
  Mode mode = Mode::GreOverIpsec;
  int ikeVersion = 2;         // 1 or 2
  Auth auth = Auth::Psk;
  std::string left;           // this host: "1.0.0.4", "%defaultroute", "1.2.3.4" (literal, as a user would write it)
  std::string right;          // the peer's address as this host reaches it
  std::string leftid;         // empty: not set (daemon default: its address)
  std::string rightid;        // empty: not set
  bool initiator = false;     // initiates (auto=start) rather than waits (auto=add)
  // Bring your own config: a user's literal libreswan conn block, used as
  // written instead of the rendered one (key placeholders filled with the
  // lab's keys; config setup is labrun's, with Debian's defaults). The fields
  // above then describe what it means, for the peer and for explanations.
  std::string literal;
  // Literal conns only: config setup accepts IKEv1 (the scenario says the
  // conn's author ran IKEv1; Debian's default drops it).
  bool literalAcceptsIkev1 = false;
  bool operator==(const ConnSpec&) const = default;
};

// A host's RSA public key in both notations daemons take.
struct PublicKey {
  std::string pem;      // SubjectPublicKeyInfo, "-----BEGIN PUBLIC KEY-----..."
  std::string rfc3110;  // libreswan's "0sAQ..." (RFC 3110 base64)
  bool operator==(const PublicKey&) const = default;
};

struct Credentials {
  std::string psk;      // Auth::Psk: the shared secret (per run, never printed)
  PublicKey self;       // Auth::Rsa: this host's key
  PublicKey peer;       // Auth::Rsa: the peer's key
  bool operator==(const Credentials&) const = default;
};

}  // namespace lab::ike

#pragma once
// Pure renderers (no I/O) for one pluto instance: ipsec.conf and
// ipsec.secrets, as a user would paste them, in the syntax of the pluto
// they are for (`traits`; default: the newest known version's).
//
// pluto itself is started with the `config setup` part only (renderSetup):
// libreswan 4.x loads every auto=add/start conn of its --config file at
// startup, and labrun wants the conn loaded by up(), not by start().
#include <filesystem>
#include <string>

#include <vector>

#include "lab/ike/ike_daemon.h"
#include "lab/ike/libreswan/version_traits.h"

namespace lab::ike::libreswan {

// Where one private pluto keeps its files (all absolute).
struct LibreswanPaths {
  std::filesystem::path nssDir;       // NSS database (keys)
  std::filesystem::path ipsecDir;     // --ipsecdir (policies/, nsspassword)
  std::filesystem::path secretsFile;  // ipsec.secrets (0600)
  std::filesystem::path logFile;      // pluto's log
  std::filesystem::path dumpDir;      // core dumps (default /run/pluto is shared)
};

// The cipher suite every conn states (ike=, esp=), the same one strongSwan's
// renderer pins (kSwanctlIkeProposal/kSwanctlEspProposal in swanctl_conf.h):
// IKE AES-256-CBC/HMAC-SHA2-256/MODP-2048; ESP AES-256-CBC/HMAC-SHA2-256-128,
// with PFS (pluto's default pfs=yes) in the IKE group, MODP-2048.
inline constexpr const char* kIkeProposal = "aes256-sha2_256-modp2048";
inline constexpr const char* kEspProposal = "aes256-sha2_256";

// `ikev1-policy` pluto needs for this IKE version: "accept" for 1 (Debian's
// build drops IKEv1 by default and refuses to load IKEv1 conns), "" for 2
// (the installed default).
std::string ikev1Policy(int ikeVersion);

// The `config setup` section alone (what pluto's --config gets).
// ikev1-policy=accept only where the version knows the keyword
// (VersionTraits::knowsIkev1Policy: 4.3 accepts IKEv1 anyway and refuses it).
std::string renderSetup(const LibreswanPaths& paths, int ikeVersion, const VersionTraits& traits = {});
// The IKE version config setup is rendered for: 1 (IKEv1 accepted) when
// any connection needs IKEv1; a literal (user's) conn gets Debian's
// defaults (IKEv1 dropped), as on a stock install, unless labrun added its
// IKE version.
int setupIkeVersion(const std::vector<ConnConfig>& conns);

// `config setup` + `conn <name>`:
//   GreOverIpsec → type=transport, leftprotoport=gre, rightprotoport=gre;
//                  as IKEv2 responder also rightsubnet=0.0.0.0/0 + narrowing=yes
//                  (a peer behind a NAT proposes its private address as TSi)
//   IpsecOverGre → tunnel mode, no protoport
//   ikeVersion   → keyexchange=ikev1|ikev2 (5.0+), else ikev2=no|yes (4.x
//                  rejects keyexchange=ikev1; 5.x logs ikev2= as replaced)
//   GreOverIpsec IKEv2 responder on a version that cannot narrow addresses
//                  (4.3) → no rightsubnet/narrowing: the peer's own address
//   Auth::Rsa    → authby=rsasig + leftrsasigkey/rightrsasigkey (RFC 3110)
//   Auth::Psk    → authby=secret (the key goes to renderSecrets)
//   initiator    → auto=start, else auto=add
//   always       → ike=kIkeProposal, esp=kEspProposal (PFS on: pluto's default)
// Throws sys::Error on a spec pluto cannot take (missing left/right or keys).
// Several connections: one config setup, then each conn after a comment
// line naming it.
std::string renderIpsecConf(const std::vector<ConnConfig>& conns, const LibreswanPaths& paths,
                            const VersionTraits& traits = {});
std::string renderIpsecConf(const ConnSpec& conn, const Credentials& creds, const LibreswanPaths& paths,
                            const VersionTraits& traits = {});

// ipsec.secrets. PSK: `<local id> <remote id> : PSK "<psk>"`. The indices
// are the IDs pluto looks the secret up by: leftid/rightid if set, else the
// literal address; `%any` where the address is magic (%defaultroute) — pluto
// matches %any against the peer's address, which is what an IKEv1 Main Mode
// responder looks up by before it has decrypted the peer's ID (behind a NAT
// that address is the NAT's public one). RSA: no entry (libreswan ≥ 4 keeps
// private keys in NSS only); a comment says so.
std::string renderSecrets(const std::vector<ConnConfig>& conns);
std::string renderSecrets(const ConnSpec& conn, const Credentials& creds);
// The same text with every PSK replaced by "<redacted>" (for the config dir).
std::string redactSecrets(const std::vector<ConnConfig>& conns);
std::string redactSecrets(const ConnSpec& conn, const Credentials& creds);

}  // namespace lab::ike::libreswan

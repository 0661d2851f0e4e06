#pragma once
// strongSwan's two configuration files for one host, rendered from plain data
// (no syscalls): swanctl.conf (connection + secrets) and strongswan.conf (one
// charon-systemd instance: its VICI socket, its log, its plugins).
//
// swanctl.conf is built as a tree first (swanctlTree()); the file is that
// tree as text, and labrun loads the same tree over VICI
// (swanctl_vici.h maps it the way `swanctl --load-all` maps the file), so
// the file a user reads is exactly what charon got.
//
// How a ConnSpec (libreswan-style, "left" = this host) maps to swanctl.conf:
//   left = literal IPv4      → local_addrs = left, local id defaults to left
//   left = %defaultroute/%any/"" → no local_addrs (strongSwan's %any: the
//                              kernel picks the source); local id defaults to
//                              `defaultRouteAddr` if given (libreswan resolves
//                              %defaultroute and uses that address as its ID)
//   right                    → remote_addrs; remote id defaults to right —
//                              libreswan's rightid default, so the NAT case
//                              fails on strongSwan just as on libreswan
//                              (strongSwan's own default would be %any)
//   leftid / rightid         → local.id / remote.id (override the defaults)
//   Mode::GreOverIpsec       → mode = transport, local_ts/remote_ts = dynamic[gre]
//   Mode::IpsecOverGre       → mode = tunnel, local_ts/remote_ts = dynamic
//   initiator                → start_action = start (else none)
//   always                   → proposals / esp_proposals = the suite
//                              libreswan's renderer pins (see below)
//   Auth::Psk                → auth = psk + secrets.ike-<name>
//   Auth::Rsa                → auth = pubkey, pubkeys = self.pem / peer-<name>.pem
//                              (files in <swanctl>/pubkey, written by the daemon;
//                              the private key is <swanctl>/private/host.pem)
// A host with several connections gets one section per connection under
// `connections` (and `secrets`), each as above.
// With raw public keys an unset id would default to the key's hash, never
// to an address, so the RSA renderings always state an id when one is known.
#include <filesystem>
#include <string>
#include <vector>

#include "lab/ike/conn_spec.h"
#include "lab/ike/strongswan/vici_message.h"

namespace lab::ike {

// Where one strongSwan instance keeps its files.
struct StrongswanPaths {
  std::filesystem::path state;   // private, short: VICI socket, swanctl dir (keys, secrets)
  std::filesystem::path config;  // user-visible: strongswan.conf, redacted swanctl.conf, log

  std::filesystem::path viciSocket() const { return state / "charon.vici"; }
  std::string viciUri() const { return "unix://" + viciSocket().string(); }
  std::filesystem::path swanctlDir() const { return state / "swanctl"; }  // SWANCTL_DIR
  std::filesystem::path swanctlConf() const { return swanctlDir() / "swanctl.conf"; }
  std::filesystem::path privateKey() const { return swanctlDir() / "private" / "host.pem"; }
  std::filesystem::path selfPubkey() const { return swanctlDir() / "pubkey" / "self.pem"; }
  std::filesystem::path peerPubkey(const std::string& conn) const {
    return swanctlDir() / "pubkey" / peerPubkeyFile(conn);
  }
  static std::string peerPubkeyFile(const std::string& conn) { return "peer-" + conn + ".pem"; }
  std::filesystem::path strongswanConf() const { return config / "strongswan.conf"; }
  std::filesystem::path redactedSwanctlConf() const { return config / "swanctl.conf"; }
  std::filesystem::path logFile() const { return config / "charon.log"; }
  std::filesystem::path stderrFile() const { return config / "charon.stderr"; }
};

// The subdirectories swanctl --load-creds scans (created empty, so swanctl
// run by hand with SWANCTL_DIR=<state>/swanctl does not complain).
const std::vector<std::string>& swanctlCredentialDirs();

// Plugins charon loads (explicit list: nothing from /etc/strongswan.d).
// socket-default comes from the private prefix (see ci/strongswan-install).
// mgf1: RSASSA-PSS needs MGF1; without it charon cannot verify the PSS
// signatures libreswan sends as IKEv2 initiator (gmp loads the raw keys and
// has no MGF1 of its own): "signature validation failed, looking for another
// key" and AUTHENTICATION_FAILED.
// drbg: key generation and RSA signing instantiate a DRBG, which only the
// openssl plugin offers otherwise (bookworm's root has no openssl plugin:
// "instantiation of DRBG_HMAC_SHA512 failed").
inline constexpr const char* kCharonPlugins =
    "random drbg nonce aes sha1 sha2 md5 hmac kdf gmp mgf1 pem pkcs1 pkcs8 x509 pubkey "
    "revocation constraints openssl kernel-netlink socket-default vici";

// The cipher suite every connection states, the same one libreswan's
// renderer pins (libreswan::kIkeProposal/kEspProposal: ike=/esp=):
// IKE AES-256-CBC/HMAC-SHA2-256/MODP-2048; ESP AES-256-CBC/HMAC-SHA2-256-128
// with PFS in MODP-2048. The DH group in the ESP proposal is what IKEv1
// Quick Mode needs to meet pluto, which proposes and insists on PFS
// (pfs=yes) in the group of phase 1; in IKEv2 it applies only to
// CREATE_CHILD_SA (rekeying), which pluto also does with PFS.
inline constexpr const char* kSwanctlIkeProposal = "aes256-sha256-modp2048";
inline constexpr const char* kSwanctlEspProposal = "aes256-sha256-modp2048";

// True for "%defaultroute", "%any", "" (no fixed local address).
bool isWildcardLeft(const std::string& left);

// swanctl.conf for the connection as a tree: sections `connections` and
// (PSK) `secrets`, every value a string as written in the file (lists
// comma separated, pubkeys as file names). `defaultRouteAddr`: what
// %defaultroute resolves to in the host's namespace ("" if unknown or not
// needed).
vici::Section swanctlTree(const ConnSpec& conn, const Credentials& creds,
                          const std::string& defaultRouteAddr = {});
// Adds one connection (and its secret) to a tree of several.
void addConnection(vici::Section& tree, const ConnSpec& conn, const Credentials& creds,
                   const std::string& defaultRouteAddr = {});
// A tree as swanctl.conf text, after a `# <header>` line. Values that are
// not plain tokens, and every `secret`, are double-quoted.
std::string renderSwanctlText(const vici::Section& tree, const std::string& header);
// labrun's header line: "swanctl.conf for '<name>', rendered by labrun
// (strongSwan)"; with several connections their names, comma separated.
std::string swanctlConfHeader(const ConnSpec& conn);
std::string swanctlConfHeader(const std::vector<std::string>& connNames);
// renderSwanctlText(swanctlTree(...), swanctlConfHeader(conn)).
std::string renderSwanctlConf(const ConnSpec& conn, const Credentials& creds,
                              const StrongswanPaths& paths,
                              const std::string& defaultRouteAddr = {});
// The same text with every `secret = ...` value replaced by <redacted>.
std::string redactSwanctlConf(const std::string& swanctlConf);
// strongswan.conf for one charon-systemd instance plus the swanctl and pki
// clients that talk to it. `plugins`: charon's load list (a release's
// charon: strongswan::charonPlugins(version)); `version`: strongSwan's, for
// the clients' lists ("" as kCharonPlugins' 5.x).
std::string renderStrongswanConf(const StrongswanPaths& paths, const std::string& plugins = kCharonPlugins,
                                 const std::string& version = {});
// The body of charon's section, whichever daemon runs it: the plugins it
// loads, ports, the file log labrun reads, the VICI socket. `quiet` turns
// the daemon's own default log off; `morePlugins`: plugin sections beside vici.
std::string charonSettings(const StrongswanPaths& paths, const std::string& plugins, const std::string& quiet,
                           const std::string& morePlugins = {});
// The strongswan.conf section of one client tool ("swanctl", "pki"): the
// plugins it loads on `version` (6.x: openssl instead of gmp/sha*/hmac).
std::string renderToolConf(const std::string& tool, const std::string& version = {});

}  // namespace lab::ike

#pragma once
// The files a user's own strongSwan ipsec.conf runs with (starter_daemon:
// Debian's starter, charon and its stroke plugin from a release root). Pure.
//
//   <state>/ipsec.conf     the conns as kept (own_ipsec_conf.h), their
//                          ipsec.secrets lines moved out; starter --conf
//   <state>/ipsec.secrets  0600: those lines with this run's PSK
//                          (charon.plugins.stroke.secrets_file)
//   <config>/strongswan.conf  STRONGSWAN_CONF of starter and charon: the
//                          charon section (not charon-systemd's) with the
//                          same file log, the VICI socket, and the stroke
//                          plugin's secrets file
// starter and charon keep their pid files and the stroke socket at the
// compiled-in /var/run paths: each host's run in a /run of its own.
#include <filesystem>
#include <string>
#include <vector>

#include "lab/ike/strongswan/swanctl_conf.h"

namespace lab::ike::strongswan {

struct StarterPaths {
  StrongswanPaths ssw;
  std::filesystem::path ipsecConf() const { return ssw.state / "ipsec.conf"; }
  std::filesystem::path ipsecSecrets() const { return ssw.state / "ipsec.secrets"; }
  std::filesystem::path run() const { return ssw.state / "run"; }  // bound over the root's /run
  std::filesystem::path redactedIpsecConf() const { return ssw.config / "ipsec.conf"; }
  std::filesystem::path redactedIpsecSecrets() const { return ssw.config / "ipsec.secrets"; }
};

// True when a connection's literal is a strongSwan ipsec.conf (a line
// `conn NAME` at the start), not a swanctl.conf.
bool isIpsecConfLiteral(const std::string& literal);

// `literal` with the lab's raw public keys in place of the user's keys and
// certificates: leftcert=, leftsigkey=, leftrsasigkey= become
// leftsigkey=<selfPubkey>; the right ones rightsigkey=<peerPubkey> (the
// private key reaches charon over VICI, load-key). Other lines as written.
std::string withLabKeys(const std::string& literal, const std::string& selfPubkey, const std::string& peerPubkey);

// The ipsec.conf starter runs: a header, then each literal without its
// ipsec.secrets lines (`... : PSK %labrun-per-run-secret`).
std::string starterIpsecConf(const std::vector<std::string>& literals);

// The conns' ipsec.secrets: each literal's PSK lines with `psks[i]`
// (`psks` as long as `literals`).
std::string starterIpsecSecrets(const std::vector<std::string>& literals, const std::vector<std::string>& psks);

// The IDs each PSK line of the literals names ("1.0.0.4 1.2.3.4" →
// {"1.0.0.4", "1.2.3.4"}), one list per line: the owners of the secret
// charon is also given over VICI (load-shared), so a later stage's
// secrets need no reread by stroke.
std::vector<std::vector<std::string>> starterSecretOwners(const std::string& literal);

// The fix for `outcome` (as IkeImplementation::fixFor) in ipsec.conf's
// words, for conn `conn`; "" when there is none.
std::string ipsecConfFix(const std::string& outcome, const std::string& conn);

// strongswan.conf for starter and the charon it starts. `plugins`: charon's
// load list (stroke included).
std::string renderStarterStrongswanConf(const StarterPaths& paths, const std::string& plugins,
                                        const std::string& version);

}  // namespace lab::ike::strongswan

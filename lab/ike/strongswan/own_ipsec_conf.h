#pragma once
// Bring your own config, strongSwan's legacy way: an ipsec.conf as
// strongSwan's starter reads it (ipsec.conf(5) of strongSwan 5.9: `config
// setup`, `conn NAME`, `ca NAME` sections at the start of a line, indented
// `key=value` lines), with ipsec.secrets lines (`ID ID : PSK "..."`) pasted
// beside it. Every keyword is checked against the ones starter 5.9.8 knows
// (src/starter/keywords.txt), so a typo is an error with line:col and the
// keyword it probably meant.
//
// Told apart from libreswan's ipsec.conf (same syntax) by what only
// strongSwan's starter reads: leftauth=, leftsigkey=, keyexchange=ike, an
// ike= proposal ending in '!', ... (strongswanOnlyEvidence); --format
// ipsec.conf-strongswan forces it.
//
// Runs with strongSwan's starter and stroke plugin from a release root
// (strongswan_daemon.h). Secrets never leave the parser: a PSK line is kept as
// `ID ID : PSK %labrun-per-run-secret`, and the ipsec.secrets the daemon
// would read is rendered with this run's PSK (ownIpsecSecrets).
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lab/ike/own_config.h"

namespace lab::ike::strongswan {

inline constexpr const char* kIpsecConfFormat = "ipsec.conf-strongswan";

struct OwnIpsecConf {
  std::string name;                           // the (one) conn's name
  std::map<std::string, std::string> keys;    // the conn's keywords (also= and %default merged in)
  std::string text;                           // as written, PSKs replaced
  std::vector<std::string> secretIds;         // each PSK line's IDs ("1.0.0.4 1.2.3.4")
  std::vector<std::string> notes;             // what labrun replaced, and why
  std::string evidence;                       // "leftauth= (line 7)": why it is strongSwan's
};

// nullopt when `text` is not strongSwan's ipsec.conf: no `conn NAME`, or
// (unless `forced`) nothing in it only strongSwan's starter reads. Throws
// OwnConfigError (line, col) when it is but is not valid. `dir`: where files
// it names (leftcert=, leftsigkey=) are looked for (empty: not checked).
std::optional<OwnIpsecConf> parseOwnIpsecConf(const std::string& text, bool forced,
                                              const std::filesystem::path& dir = {});

// The ipsec.secrets charon would read: each PSK line with `psk`.
std::string ownIpsecSecrets(const OwnIpsecConf& own, const std::string& psk);

// What the conn means for the lab (left, right, ids, version, auth, mode,
// initiator), on top of `base`; literal = the kept text.
OwnConn ownIpsecConfConn(const OwnIpsecConf& own, ConnSpec base);

}  // namespace lab::ike::strongswan

#pragma once
// Bring your own config, strongSwan's way: a user's swanctl.conf (the
// strongswan.conf settings syntax: `name {` … `}` sections, `key = value`
// lines, `#` comments), read into the same tree labrun renders
// (swanctl_conf.h), so it goes to charon over VICI exactly as
// `swanctl --load-all` would send it (swanctl_vici.h).
//
// Secrets never leave the parser: every `secret` (PSK, key passphrase) is
// replaced by kOwnSecretPlaceholder in the text labrun keeps, and the daemon
// fills in this run's PSK; raw public keys and certificates are replaced by
// the lab's host keys. Options are checked against swanctl.conf(5) (5.9),
// so a typo is an error with line:col and the option it probably meant.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "lab/ike/own_config.h"
#include "lab/ike/strongswan/vici_message.h"

namespace lab::ike::strongswan {

inline constexpr const char* kOwnSecretPlaceholder = "%labrun-per-run-secret";

struct OwnSwanctl {
  vici::Section tree;              // connections/secrets as written (secrets replaced)
  std::string text;                // the text labrun keeps: as written, secrets replaced
  std::string name;                // the (one) connection's name
  std::vector<std::string> notes;  // what labrun replaced, and why
};

// nullopt when `text` is not swanctl.conf (its first statement is not a
// `connections`, `secrets`, `pools` or `authorities` section); throws
// OwnConfigError with line and column when it is but is not valid.
// `dir`: the file's directory, where certificate files it names are looked
// for (empty: a text without a file, e.g. a scenario's block).
std::optional<OwnSwanctl> parseOwnSwanctl(const std::string& text, const std::filesystem::path& dir = {});

// What the connection means for the lab (left = local_addrs, ids, version,
// auth, mode, initiator), on top of `base`; literal = the kept text.
OwnConn ownSwanctlConn(const OwnSwanctl& own, ConnSpec base);

// The tree charon gets for a kept text: the placeholder secrets filled with
// `psk`, other secrets (private keys, EAP) dropped, and every local/remote
// round with keys or certificates set to the lab's raw keys (`selfPubkey`,
// `peerPubkey`: file names under the swanctl pubkey directory).
vici::Section ownSwanctlTree(const std::string& keptText, const std::string& psk, const std::string& selfPubkey,
                             const std::string& peerPubkey);

}  // namespace lab::ike::strongswan

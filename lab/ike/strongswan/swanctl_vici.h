#pragma once
// swanctl.conf (as the tree swanctlTree() builds) → the VICI requests
// `swanctl --load-all` would send for it, without running swanctl. Pure: the
// files the tree names are read through a callback.
//
// The mapping is swanctl 5.9.8's (src/swanctl/commands/load_conns.c,
// load_creds.c; checked byte for byte against swanctl in
// tests/unit/swanctl_vici_test.cpp):
//   connections.<name> { ... }  → load-conn { <name> { ... } }, sections and
//                                 keys in file order, values as strings, except
//     list keys (local_addrs remote_addrs proposals esp_proposals ah_proposals
//     local_ts remote_ts vips pools groups cert_policy): a list of the
//     comma-separated items, spaces trimmed;
//     file list keys (certs cacerts pubkeys): a list of the named files'
//     contents, relative names under <swanctl>/x509, x509ca, pubkey.
//   secrets.<ike-*> { secret id* }  → load-shared { id = <section> type = ike
//                                 data = <secret> owners = [<id* values>] }
//   a PEM private key            → load-key { type = rsa|ecdsa|any data = <DER> }
//                                 (swanctl sends `any` and the PEM itself; the
//                                 type from the PEM label and DER are what the
//                                 VICI documentation asks for, and need no pem
//                                 plugin in charon).
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "lab/ike/strongswan/vici_message.h"

namespace lab::ike {

// Reads a file the configuration names (pubkeys = self.pem → its PEM text).
using ConfFileReader = std::function<std::string(const std::filesystem::path&)>;

// Keys swanctl sends as a VICI list of comma-separated items, and as a list
// of file contents.
bool isSwanctlListKey(std::string_view key);
bool isSwanctlFileListKey(std::string_view key);

// One load-conn message per section of `connections`, in file order.
// Throws sys::Error if a named file cannot be read.
std::vector<vici::Section> loadConnMessages(const vici::Section& tree,
                                            const std::filesystem::path& swanctlDir,
                                            const ConfFileReader& readFile);
// The names of the connections in the tree (to unload the others).
std::vector<std::string> connectionNames(const vici::Section& tree);

// One load-shared message per `secrets` section of an IKE secret (ike*).
// These carry the secret: never log them.
std::vector<vici::Section> loadSharedMessages(const vici::Section& tree);

// load-key for a private key in PEM ("RSA PRIVATE KEY" → rsa, "EC PRIVATE
// KEY" → ecdsa, "PRIVATE KEY" (PKCS#8) → any). Throws sys::Error for an
// encrypted key or anything else.
vici::Section loadKeyMessage(std::string_view pem);

}  // namespace lab::ike

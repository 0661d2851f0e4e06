#pragma once
// strongSwan's host key as a key entry (lab/ike/host_keys.h): an RSA key made
// with strongSwan's own `pki`, and how a daemon adopts it.
#include <filesystem>

#include "lab/ike/conn_spec.h"
#include "lab/release/userland.h"

namespace lab::ike::strongswan {

// `pki --gen` / `pki --pub` into `dir`: private.pem (0600), pubkey.pem.
// `userland`: whose pki makes it (a host on a release uses its release's
// own pki, like its charon; `dir` must be among the userland's binds).
void makeKeyEntry(const std::filesystem::path& dir, const release::Userland& userland = {});
// Copies the entry's private key to `privateKey` (0600); returns its public key.
PublicKey adoptKeyEntry(const std::filesystem::path& entry, const std::filesystem::path& privateKey);

}  // namespace lab::ike::strongswan

#pragma once
// A private NSS database per host and its RSA host key, made the article's
// way: `ipsec initnss`, `ipsec newhostkey`, `ipsec showhostkey --left`.
#include <filesystem>
#include <string>
#include <string_view>

#include "lab/ike/conn_spec.h"
#include "lab/release/userland.h"

namespace lab::ike::libreswan {

// `ipsec initnss --nssdir <dir>` unless <dir>/cert9.db exists already.
// `userland`: whose `ipsec` (and certutil) makes it; a release's own tools
// make a database and key its own pluto reads.
void initNss(const std::filesystem::path& nssDir, const release::Userland& userland = {});

// newhostkey, then showhostkey --left --ckaid; PEM derived with pubkey.h.
// Takes about a second (RSA key generation). Throws sys::Error.
PublicKey newHostKey(const std::filesystem::path& nssDir, const release::Userland& userland = {});

// A key entry (lab/ike/host_keys.h): an NSS database with a new host key
// in `dir`, and the public key in `dir`/pubkey (RFC 3110).
// `root`: made with that release root's tools (empty: the machine's own).
void makeKeyEntry(const std::filesystem::path& dir, const std::filesystem::path& root = {});
// Copies an entry's NSS database into `nssDir` (0600 files) unless `nssDir`
// has one already; returns the entry's public key.
PublicKey adoptKeyEntry(const std::filesystem::path& entry, const std::filesystem::path& nssDir);

// "Generated RSA key pair with CKAID <hex> was stored..." → "<hex>" ("" if absent).
std::string parseCkaid(std::string_view newhostkeyOutput);
// "\tleftrsasigkey=0sAw..." → "0sAw..." ("" if absent).
std::string parseRsaSigKey(std::string_view showhostkeyOutput);

}  // namespace lab::ike::libreswan

#pragma once
// The strongSwan pieces labrun runs: swanctl, pki and libstrongswan from
// apt, charon-systemd and libcharon unpacked into a private prefix by
// ci/strongswan-install (Debian's libreswan conflicts with
// strongswan-libcharon).
#include <filesystem>
#include <string>

namespace lab::ike {

// <prefix> of the private strongSwan pieces.
std::filesystem::path strongswanPrefix();
// "5.9.8", or "" when the private charon-systemd or the vici plugin is
// missing. Read from the stamp ci/strongswan-install leaves in the prefix
// (no exec); `swanctl --help` only for a prefix without one.
std::string strongswanVersion();
// The upstream version in that stamp ("5.9.8-5+deb12u6 ..." → "5.9.8"), "" if none.
std::string strongswanVersionFromStamp(const std::string& stamp);

// charon-systemd, libcharon's directory (LD_LIBRARY_PATH), the preloaded
// socket plugin, the vici plugin (compiled-in plugin directory).
std::filesystem::path charonBinary();
std::filesystem::path privateLibDir();
std::filesystem::path socketPlugin();
std::filesystem::path viciPlugin();

}  // namespace lab::ike

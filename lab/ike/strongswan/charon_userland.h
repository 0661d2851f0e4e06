#pragma once
// Where one host's strongSwan comes from: the machine's own (charon-systemd
// and libcharon in the private prefix of ci/strongswan-install, see
// strongswan_install.h) or a Debian release root (lab/release), where
// charon-systemd, its plugins and pki are installed the ordinary way. In a
// root none of the prefix's LD_LIBRARY_PATH/LD_PRELOAD trickery applies:
// charon finds libcharon through its RUNPATH and its plugins in the
// compiled-in /usr/lib/ipsec/plugins, as Debian ships it.
//
//   release::Userland u{dirs.root, {dirs.state, dirs.config}};
//   strongswan::requireCharon(u);                    // exit 3 if the root lacks it
//   strongswan::versionIn(u);                        // "6.0.1" (the root's manifest)
//   strongswan::charonCommand(u, paths.strongswanConf(), options);
#include <filesystem>
#include <string>
#include <vector>

#include "lab/release/userland.h"
#include "lab/sys/process.h"

namespace lab::ike::strongswan {

// Debian's package with charon-systemd: a root's version is this package's.
inline constexpr const char* kCharonPackage = "charon-systemd";

// strongSwan's version in `userland`: the root's charon-systemd from its
// manifest ("6.0.1-6+deb13u7" → "6.0.1"); the installed one for the
// machine's own. "" when there is none.
std::string versionIn(const release::Userland& userland);

// Throws sys::EnvironmentError when `userland` has no charon-systemd or no
// vici plugin: for a root, naming `labrun release build <name>` (after
// `labrun release rm <name>`: a root with a manifest counts as built).
void requireCharon(const release::Userland& userland);
// The same for what a user's own ipsec.conf runs with: starter, charon and
// the stroke plugin (strongswan-starter, strongswan-charon); a root built
// before they were in strongSwan's package list has none of them.
void requireStarter(const release::Userland& userland);
// Whether Debian's `release` lets strongswan-charon (starter's charon) be
// installed beside charon-systemd: strongSwan 5 (bullseye, bookworm) does;
// strongSwan 6 (trixie on) declares them conflicting.
bool starterBesideCharonSystemd(const std::string& release);
// The same for `program` (a path inside the root, e.g. /usr/bin/pki) of
// Debian package `package`; no-op for the machine's own userland.
void requireInRoot(const release::Userland& userland, const std::filesystem::path& program,
                   const std::string& package);

// charon-systemd's command line; its environment goes into `o.env` (which
// sys::Process gives the child only, on a copy of labrun's environment; no
// env(1) exec, which costs hundreds of milliseconds under UML):
// STRONGSWAN_CONF always; for the machine's own also the private prefix's
// library path and preloaded socket plugin. Also applies the userland to `o`.
std::vector<std::string> charonCommand(const release::Userland& userland, const std::filesystem::path& strongswanConf,
                                       sys::RunOptions& o);

// Plugins charon loads on `version`, as strongswan.conf's `load` list.
// strongSwan 6.0 no longer builds aes, gmp, hmac, md5, sha1, sha2 (nor
// Debian kdf, mgf1) by default: openssl provides all of them (MGF1/PSS
// included), and Debian's 6.x ships openssl in libstrongswan itself.
// `available`: the plugin names the userland has (empty: do not filter);
// a plugin that is not there is left out rather than named (charon would
// log a failed load of each, which reads like a fault in the lab's log).
std::string charonPlugins(const std::string& version, const std::vector<std::string>& available = {});
// The plugin names installed in a root's /usr/lib/ipsec/plugins
// (libstrongswan-<name>.so); empty for the machine's own.
std::vector<std::string> pluginsIn(const release::Userland& userland);

}  // namespace lab::ike::strongswan

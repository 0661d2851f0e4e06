#include "lab/ike/strongswan/charon_userland.h"

#include <algorithm>
#include <sstream>

#include "lab/ike/strongswan/strongswan_install.h"
#include "lab/ike/strongswan/swanctl_conf.h"
#include "lab/ike/version.h"
#include "lab/release/release_root.h"
#include "lab/sys/error.h"
#include "lab/sys/process.h"

namespace fs = std::filesystem;

namespace lab::ike::strongswan {
namespace {

constexpr const char* kCharon = "/usr/sbin/charon-systemd";
constexpr const char* kPluginDir = "/usr/lib/ipsec/plugins";

// The root's name (its directory's: "trixie-strongswan").
std::string rootName(const release::Userland& u) { return u.root.filename().string(); }

std::string rebuildRemedy(const release::Userland& u) {
  return "labrun release rm " + rootName(u) + ", then labrun release build " + rootName(u);
}

// strongSwan 6.0's load list: what 5.x loads, without the plugins 6.0 no
// longer builds by default (NEWS: "aes, curve25519, des, fips-prf, gmp,
// hmac, md5, pkcs12, rc2, sha1, sha2"), nor kdf and mgf1, which Debian's
// 6.x does not ship either (openssl does both).
constexpr const char* kCharonPlugins6 =
    "random drbg nonce openssl pem pkcs1 pkcs8 x509 pubkey revocation constraints kernel-netlink socket-default vici";

}  // namespace

std::string versionIn(const release::Userland& userland) {
  if (userland.own()) return strongswanVersion();
  auto manifest = release::readManifest(userland.root);
  return manifest ? release::upstreamVersion(manifest->packageVersion(kCharonPackage)) : std::string();
}

void requireInRoot(const release::Userland& userland, const fs::path& program, const std::string& package) {
  if (userland.own()) return;
  std::error_code ec;
  if (fs::exists(userland.file(program), ec)) return;
  throw sys::EnvironmentError("release root " + rootName(userland) + " has no " + program.string() +
                                  " (Debian package " + package + "; looked in " + userland.root.string() + ")",
                              rebuildRemedy(userland));
}

void requireCharon(const release::Userland& userland) {
  if (userland.own()) {
    if (strongswanVersion().empty())
      throw sys::EnvironmentError("strongSwan is not installed (the vici plugin of strongswan-swanctl, or "
                                  "charon-systemd under " + strongswanPrefix().string() + ")",
                                  "run ci/strongswan-install (as root)");
    return;
  }
  requireInRoot(userland, kCharon, kCharonPackage);
  requireInRoot(userland, fs::path(kPluginDir) / "libstrongswan-vici.so", "strongswan-swanctl");
  // Traffic selectors name protocols (dynamic[gre]): charon looks them up.
  requireInRoot(userland, "/etc/protocols", "netbase");
}

bool starterBesideCharonSystemd(const std::string& release) { return release == "bullseye" || release == "bookworm"; }

void requireStarter(const release::Userland& userland) {
  requireCharon(userland);
  if (userland.own())
    throw sys::EnvironmentError("a strongSwan ipsec.conf runs with starter and charon from a release root, and this "
                                "host has none",
                                "give the host a release (--release C=bookworm)");
  const std::string name = rootName(userland), release = name.substr(0, name.find('-'));
  if (!starterBesideCharonSystemd(release))
    throw sys::EnvironmentError("a strongSwan ipsec.conf cannot run on " + release + ": its strongSwan packages make "
                                "charon-systemd and strongswan-charon (starter's charon) conflict, so labrun's " +
                                name + " root has no starter",
                                "--release HOST=bookworm (strongSwan 5.9.8) or bullseye, or the same conn in swanctl.conf");
  requireInRoot(userland, "/usr/lib/ipsec/starter", "strongswan-starter");
  requireInRoot(userland, "/usr/lib/ipsec/charon", "strongswan-charon");
  requireInRoot(userland, fs::path(kPluginDir) / "libstrongswan-stroke.so", "strongswan-starter");
}

std::vector<std::string> charonCommand(const release::Userland& userland, const fs::path& strongswanConf,
                                       sys::RunOptions& o) {
  userland.apply(o);
  o.env["STRONGSWAN_CONF"] = strongswanConf.string();
  if (!userland.own()) return {kCharon};
  o.env["LD_LIBRARY_PATH"] = privateLibDir().string();
  o.env["LD_PRELOAD"] = socketPlugin().string();
  return {charonBinary().string()};
}

std::string charonPlugins(const std::string& version, const std::vector<std::string>& available) {
  const bool six = Version(version).known() && Version(version) >= Version("6.0");
  std::istringstream in(six ? kCharonPlugins6 : kCharonPlugins);
  std::string out;
  for (std::string p; in >> p;)
    if (available.empty() || std::find(available.begin(), available.end(), p) != available.end())
      out += (out.empty() ? "" : " ") + p;
  return out;
}

std::vector<std::string> pluginsIn(const release::Userland& userland) {
  std::vector<std::string> out;
  if (userland.own()) return out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(userland.file(kPluginDir), ec)) {
    std::string f = e.path().filename().string();
    const std::string prefix = "libstrongswan-", suffix = ".so";
    if (f.rfind(prefix, 0) == 0 && f.size() > prefix.size() + suffix.size() &&
        f.compare(f.size() - suffix.size(), suffix.size(), suffix) == 0)
      out.push_back(f.substr(prefix.size(), f.size() - prefix.size() - suffix.size()));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace lab::ike::strongswan

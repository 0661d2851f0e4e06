#include "lab/ike/ike_registry.h"

#include "lab/ike/libreswan/libreswan_daemon.h"
#include "lab/ike/libreswan/nss_keys.h"
#include "lab/ike/strongswan/host_key.h"
#include "lab/ike/strongswan/strongswan_daemon.h"
#include "lab/sys/error.h"

namespace lab::ike {
namespace {

struct Entry {
  std::string kind;
  std::string package;  // what to install
  std::unique_ptr<IkeDaemon> (*make)(const netns::NetNs&, const DaemonDirs&);
  std::string (*version)();
  void (*makeKeys)(const std::filesystem::path&);
  bool keysForPsk;  // the daemon needs its entry even without RSA (libreswan: the NSS database)
};

const std::vector<Entry>& registry() {
  static const std::vector<Entry> r = {
      {"libreswan", "apt-get install libreswan", &libreswan::makeLibreswan, &libreswan::libreswanVersion,
       &libreswan::makeKeyEntry, true},
      {"strongswan", "ci/strongswan-install (Debian's strongSwan beside libreswan)", &makeStrongswan,
       &strongswanVersion, &strongswan::makeKeyEntry, false},
  };
  return r;
}

const Entry& find(const std::string& kind) {
  for (const auto& e : registry())
    if (e.kind == kind) return e;
  std::string known;
  for (const auto& e : registry()) known += (known.empty() ? "" : ", ") + e.kind;
  throw sys::Error("unknown IKE daemon '" + kind + "' (known: " + known + ")");
}

}  // namespace

const std::vector<std::string>& knownDaemons() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& e : registry()) n.push_back(e.kind);
    return n;
  }();
  return names;
}

std::unique_ptr<IkeDaemon> makeDaemon(const std::string& kind, const netns::NetNs& ns, const DaemonDirs& dirs) {
  const Entry& e = find(kind);
  if (e.version().empty())
    throw sys::EnvironmentError(kind + " is not installed", e.package);
  return e.make(ns, dirs);
}

std::string installedVersion(const std::string& kind) { return find(kind).version(); }

void makeKeyEntry(const std::string& kind, const std::filesystem::path& dir) { find(kind).makeKeys(dir); }

bool needsKeyEntry(const std::string& kind, Auth auth) { return auth == Auth::Rsa || find(kind).keysForPsk; }

}  // namespace lab::ike

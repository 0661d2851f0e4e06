// Where the private strongSwan pieces are (strongswan_install.h).
#include "lab/ike/strongswan/strongswan_install.h"

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>

#include "lab/ike/version_probe.h"
#include "lab/sys/file.h"

namespace fs = std::filesystem;

namespace lab::ike {
namespace {

using sys::readFile;

fs::path stampFile() { return strongswanPrefix() / ".labrun-strongswan"; }  // ci/strongswan-install


}  // namespace

fs::path charonBinary() { return strongswanPrefix() / "usr/sbin/charon-systemd"; }
fs::path privateLibDir() { return strongswanPrefix() / "usr/lib/ipsec"; }
fs::path socketPlugin() { return privateLibDir() / "plugins/libstrongswan-socket-default.so"; }
// charon loads plugins from the compiled-in directory; Debian's
// strongswan-swanctl ships the vici plugin.
fs::path viciPlugin() { return "/usr/lib/ipsec/plugins/libstrongswan-vici.so"; }

fs::path strongswanPrefix() {
  const char* env = std::getenv("LABRUN_STRONGSWAN_PREFIX");
  return env && *env ? fs::path(env) : fs::path("/opt/labrun/strongswan");
}

std::string strongswanVersionFromStamp(const std::string& stamp) {
  // "<debian version> <packages>": [epoch:]upstream[-revision]
  static const std::regex version(R"(^\s*(?:\d+:)?(\d+(?:\.\d+)+))");
  std::smatch m;
  return std::regex_search(stamp, m, version) ? m[1].str() : std::string();
}

std::string strongswanVersion() {
  static std::once_flag once;
  static std::string version;
  std::call_once(once, [] {
    std::error_code ec;
    if (!fs::exists(charonBinary(), ec) || !fs::exists(privateLibDir() / "libcharon.so.0", ec) ||
        !fs::exists(socketPlugin(), ec) || !fs::exists(viciPlugin(), ec))
      return;
    version = strongswanVersionFromStamp(readFile(stampFile()));
    // A prefix not made by ci/strongswan-install: the usage text names the
    // version (`swanctl --version` would ask the daemon).
    if (version.empty()) version = probeVersion({"swanctl", "--help"}, R"(strongSwan (\d+\.\d+\.\d+) swanctl)");
  });
  return version;
}

}  // namespace lab::ike

#include "lab/ike/strongswan/strongswan.h"

#include <regex>

#include "lab/ike/registry.h"
#include "lab/ike/strongswan/charon_userland.h"
#include "lab/ike/strongswan/host_key.h"
#include "lab/ike/strongswan/own_swanctl.h"
#include "lab/ike/strongswan/strongswan_daemon.h"
#include "lab/sys/error.h"

namespace lab::ike::strongswan {
namespace {

class Strongswan final : public IkeImplementation {
 public:
  std::string_view name() const override { return "strongswan"; }
  std::string_view displayName() const override { return "strongSwan"; }
  std::string_view shortName() const override { return "ssw"; }
  std::string installHint() const override { return "ci/strongswan-install (Debian's strongSwan beside libreswan)"; }
  std::string installedVersion() const override { return strongswanVersion(); }

  std::unique_ptr<IkeDaemon> makeDaemon(const netns::NetNs& ns, const DaemonDirs& dirs) const override {
    // Throws EnvironmentError when strongSwan is not installed (there).
    strongswan::requireCharon({dirs.root, {}});
    return std::make_unique<StrongswanDaemon>(ns, dirs);
  }
  // charon-systemd pulls in libcharon (kernel-netlink, socket-default);
  // swanctl's package ships the vici plugin; pki makes the host key.
  // netbase: /etc/protocols, through which charon reads the `gre` of
  // `dynamic[gre]` (without it, load-conn fails: "invalid value for:
  // local_ts"); mmdebstrap's apt variant leaves it out.
  std::vector<std::string> releasePackages() const override {
    return {"charon-systemd", "strongswan-swanctl", "strongswan-pki", "netbase"};
  }
  void checkReleaseRoot(const std::filesystem::path& root) const override { strongswan::requireCharon({root, {}}); }
  // The private key is the only state it needs made ahead.
  bool needsKeyEntry(Auth auth) const override { return auth == Auth::Rsa; }
  void makeKeyEntry(const std::filesystem::path& dir, const std::filesystem::path& root) const override {
    strongswan::makeKeyEntry(dir, release::Userland{root, {dir}});
  }

  const OutcomeTable& outcomeTable() const override { return strongswan::outcomeTable(); }
  // charon's file log: "12:34:56.123 09[IKE] ..." (time_format %H:%M:%S, time_add_ms).
  std::optional<double> logLineAge(const std::string& line) const override { return timeOfDayAge(line, 0); }
  std::string connOfLogLine(const std::string& line) const override { return charonLineConn(line); }
  std::optional<std::string> versionOfLog(const std::vector<std::string>& lines) const override {
    return charonLogVersion(lines);
  }
  std::optional<IdClaim> idClaim(const std::string& line) const override { return charonIdClaim(line); }

  std::string fixLocalId(const ConnSpec& conn, const std::string& host, const std::string& id) const override {
    return "connections." + conn.name + ".local { id = " + id + " } in swanctl.conf on " + host;
  }
  std::string fixLocalAddress(const ConnSpec& conn, const std::string& host,
                              const std::optional<std::string>& publicId) const override {
    return "drop local_addrs (or use %any) and set local { id = " + (publicId ? *publicId : conn.left) + " } on " +
           host;
  }
  std::string explainIkev1Refused(const std::string&) const override { return ""; }

  std::vector<std::string> ownConfigFormats() const override { return {"swanctl.conf"}; }
  std::optional<OwnConfig> recogniseOwnConfig(const std::string& text) const override {
    auto own = parseOwnSwanctl(text);
    if (!own) return std::nullopt;
    return OwnConfig{own->text, "swanctl.conf", own->name};
  }
  // The kept text is labrun's rendering: a connection is "  NAME {" under connections.
  std::optional<OwnConfig> renameOwnConfig(const OwnConfig& own, const std::string& name) const override {
    OwnConfig out = own;
    const std::string from = "\nconnections {\n  " + own.name + " {\n";
    const auto at = out.text.find(from);
    if (at == std::string::npos) return std::nullopt;
    out.text.replace(at, from.size(), "\nconnections {\n  " + name + " {\n");
    out.name = name;
    return out;
  }
  void checkOwnConfigFiles(const OwnConfig& own, const std::filesystem::path& dir) const override {
    parseOwnSwanctl(own.text, dir);
  }
  OwnConn readOwnConfig(const OwnConfig& own, ConnSpec base, int, const std::string&) const override {
    auto parsed = parseOwnSwanctl(own.text);
    if (!parsed) throw OwnConfigError(1, "not a swanctl.conf");
    return ownSwanctlConn(*parsed, std::move(base));
  }
};

}  // namespace

std::unique_ptr<IkeImplementation> makeImplementation() { return std::make_unique<Strongswan>(); }

const IkeImplementation& implementation() { return lab::ike::implementation("strongswan"); }

std::string charonLineConn(const std::string& line) {
  static const std::regex conn(R"(<([^|<>]+)\|\d+>)");
  std::smatch m;
  return std::regex_search(line, m, conn) ? m[1].str() : std::string();
}

}  // namespace lab::ike::strongswan

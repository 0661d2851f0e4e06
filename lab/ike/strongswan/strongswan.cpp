#include "lab/ike/strongswan/strongswan.h"

#include <regex>

#include "lab/ike/registry.h"
#include "lab/ike/strongswan/charon_userland.h"
#include "lab/ike/strongswan/host_key.h"
#include "lab/ike/strongswan/own_ipsec_conf.h"
#include "lab/ike/strongswan/own_swanctl.h"
#include "lab/ike/strongswan/starter_conf.h"
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
  // local_ts"); mmdebstrap's apt variant leaves it out. strongswan-starter
  // and strongswan-charon: a user's own legacy ipsec.conf runs with
  // starter, charon and its stroke plugin (starter_daemon.h) -- where
  // Debian lets them beside charon-systemd (strongswan::starterBesideCharonSystemd).
  std::vector<std::string> releasePackages(const std::string& release) const override {
    std::vector<std::string> p = {"charon-systemd", "strongswan-swanctl", "strongswan-pki", "netbase"};
    if (strongswan::starterBesideCharonSystemd(release)) p.insert(p.end(), {"strongswan-starter", "strongswan-charon"});
    return p;
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

  // A user's own ipsec.conf is fixed in its own words (conn's leftid=, left=).
  std::string fixLocalId(const ConnSpec& conn, const std::string& host, const std::string& id) const override {
    if (isIpsecConfLiteral(conn.literal)) return "leftid=" + id + " in conn " + conn.name + " of ipsec.conf on " + host;
    return "connections." + conn.name + ".local { id = " + id + " } in swanctl.conf on " + host;
  }
  std::string fixLocalAddress(const ConnSpec& conn, const std::string& host,
                              const std::optional<std::string>& publicId) const override {
    const std::string id = publicId ? *publicId : conn.left;
    if (isIpsecConfLiteral(conn.literal))
      return "drop left= (or use left=%any) and set leftid=" + id + " in conn " + conn.name + " on " + host;
    return "drop local_addrs (or use %any) and set local { id = " + id + " } on " + host;
  }
  std::string explainIkev1Refused(const std::string&) const override { return ""; }

  std::string fixFor(const std::string& outcome, const ConnSpec& conn) const override {
    if (isIpsecConfLiteral(conn.literal)) return ipsecConfFix(outcome, conn.name);
    const std::string c = "connections." + conn.name;
    if (outcome == "auth-mismatch")
      return "the same secret on both ends: secrets { ike-" + conn.name + " { id = <the peer's id>  secret = ... } } "
             "in swanctl.conf (local/remote auth = psk), or the peer's key as " + c + ".remote { pubkeys = ... }";
    if (outcome == "notify:NO_PROPOSAL_CHOSEN")
      return c + ".proposals (IKE) and " + c + ".children.<child>.esp_proposals offering one the peer accepts (end "
             "the list with 'default' to keep strongSwan's own)";
    if (outcome == "notify:TS_UNACCEPTABLE")
      return c + ".children.<child>.local_ts/remote_ts as the peer's; behind a NAT in transport mode "
             "dynamic[gre] stands for the address charon sees";
    if (outcome == "no-response")
      return c + ".remote_addrs must be the peer's reachable address, with UDP 500 and 4500 let through to it";
    return "";
  }

  std::string ownConfigRelease(const OwnConfig& own) const override {
    return own.format == kIpsecConfFormat ? "strongSwan's starter, charon and stroke plugin" : "";
  }
  void checkOwnConfigRoot(const OwnConfig& own, const std::filesystem::path& root) const override {
    if (own.format == kIpsecConfFormat) strongswan::requireStarter({root, {}});
  }
  std::vector<std::string> ownConfigFormats() const override { return {"swanctl.conf", kIpsecConfFormat}; }
  std::optional<OwnConfig> recogniseOwnConfig(const std::string& text, const std::string& format) const override {
    if (format != kIpsecConfFormat)
      if (auto own = parseOwnSwanctl(text)) return OwnConfig{own->text, "swanctl.conf", own->name};
    if (format.empty() || format == kIpsecConfFormat)
      if (auto own = parseOwnIpsecConf(text, format == kIpsecConfFormat))
        return OwnConfig{own->text, kIpsecConfFormat, own->name};
    return std::nullopt;
  }
  // The kept text is labrun's rendering: a connection is "  NAME {" under connections.
  std::optional<OwnConfig> renameOwnConfig(const OwnConfig& own, const std::string& name) const override {
    OwnConfig out = own;
    if (own.format == kIpsecConfFormat) {  // "conn NAME" at the start of a line
      const std::string from = "conn " + own.name + "\n";
      const std::size_t at = out.text.rfind(from, 0) == 0 ? 0 : out.text.find("\n" + from);
      if (at == std::string::npos) return std::nullopt;
      out.text.replace(at ? at + 1 : 0, from.size(), "conn " + name + "\n");
      out.name = name;
      return out;
    }
    const std::string from = "\nconnections {\n  " + own.name + " {\n";
    const auto at = out.text.find(from);
    if (at == std::string::npos) return std::nullopt;
    out.text.replace(at, from.size(), "\nconnections {\n  " + name + " {\n");
    out.name = name;
    return out;
  }
  void checkOwnConfigFiles(const OwnConfig& own, const std::filesystem::path& dir) const override {
    if (own.format == kIpsecConfFormat) parseOwnIpsecConf(own.text, true, dir);
    else parseOwnSwanctl(own.text, dir);
  }
  OwnConn readOwnConfig(const OwnConfig& own, ConnSpec base, int, const std::string&) const override {
    if (own.format == kIpsecConfFormat) {  // runs with starter from a release root (strongswan_daemon.h)
      auto parsed = parseOwnIpsecConf(own.text, true);
      if (!parsed) throw OwnConfigError(1, "not a strongSwan ipsec.conf");
      return ownIpsecConfConn(*parsed, std::move(base));
    }
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

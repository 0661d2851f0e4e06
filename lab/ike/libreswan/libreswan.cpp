#include "lab/ike/libreswan/libreswan.h"

#include <ctime>
#include <regex>

#include "lab/ike/libreswan/libreswan_daemon.h"
#include "lab/ike/libreswan/nss_keys.h"
#include "lab/ike/libreswan/own_conn.h"
#include "lab/ike/libreswan/whack.h"
#include "lab/ike/registry.h"

namespace lab::ike::libreswan {
namespace {

class Libreswan final : public IkeImplementation {
 public:
  std::string_view name() const override { return "libreswan"; }
  std::string_view displayName() const override { return "libreswan"; }
  std::string_view shortName() const override { return "lsw"; }
  std::string installHint() const override { return "apt-get install libreswan"; }
  std::string installedVersion() const override { return libreswanVersion(); }

  std::unique_ptr<IkeDaemon> makeDaemon(const netns::NetNs& ns, const DaemonDirs& dirs) const override {
    libexecDir({dirs.root, {}});  // throws EnvironmentError when libreswan is not installed (there)
    return std::make_unique<LibreswanDaemon>(ns, dirs);
  }
  std::vector<std::string> releasePackages(const std::string&) const override { return {"libreswan"}; }
  // Every pluto needs its NSS database, PSK or not.
  bool needsKeyEntry(Auth) const override { return true; }
  void makeKeyEntry(const std::filesystem::path& dir, const std::filesystem::path& root) const override {
    libreswan::makeKeyEntry(dir, root);
  }

  const OutcomeTable& outcomeTable() const override { return libreswan::outcomeTable(); }
  std::optional<double> logLineAge(const std::string& line) const override { return plutoLineAge(line); }
  std::string connOfLogLine(const std::string& line) const override { return plutoLineConn(line); }
  std::optional<std::string> versionOfLog(const std::vector<std::string>& lines) const override {
    return plutoLogVersion(lines);
  }
  std::optional<IdClaim> idClaim(const std::string& line) const override { return plutoIdClaim(line); }

  std::string fixLocalId(const ConnSpec& conn, const std::string& host, const std::string& id) const override {
    return "leftid=" + id + " in conn " + conn.name + " on " + host;
  }
  std::string fixLocalAddress(const ConnSpec&, const std::string& host,
                              const std::optional<std::string>& publicId) const override {
    return "left=%defaultroute" + (publicId ? " and leftid=" + *publicId : std::string()) + " on " + host;
  }
  std::string explainIkev1Refused(const std::string& version) const override {
    const auto t = traitsOf(version);
    if (!t.dropsIkev1ByDefault) return "";
    // Who chose drop, and how this version spells IKEv2, differ: Debian's
    // patch in 4.5-4.x, upstream's default from 5.0 (keyexchange= as well).
    return "This libreswan (" + version + ") drops IKEv1 by policy (" +
           (t.keyexchangeNamesVersion ? "libreswan 5's default" : "Debian's build") +
           ": global ikev1-policy=drop). Fix: ikev1-policy=accept under config setup, or negotiate IKEv2 (" +
           (t.keyexchangeNamesVersion ? "keyexchange=ikev2" : "ikev2=yes") + ", the default since 4.0).";
  }

  std::string fixFor(const std::string& outcome, const ConnSpec& conn) const override {
    const std::string in = " in conn " + conn.name;
    if (outcome == "auth-mismatch")
      return "the same secret on both ends: ipsec.secrets '<left> <right> : PSK \"...\"' (authby=secret), or the "
             "peer's public key as rightrsasigkey=" + in + " (authby=rsasig)";
    if (outcome == "notify:NO_PROPOSAL_CHOSEN")
      return "ike= and esp=" + in + " offering one the peer accepts (e.g. ike=aes256-sha2_256;modp2048 "
             "esp=aes256-sha2_256), or neither for libreswan's defaults";
    if (outcome == "notify:TS_UNACCEPTABLE")
      return "leftprotoport=/rightprotoport= and leftsubnet=/rightsubnet=" + in + " as the peer's; behind a NAT in "
             "transport mode the peer sees the public address (rightsubnet=<its private address>/32)";
    if (outcome == "no-response")
      return "right=" + in + " must be the peer's reachable address, with UDP 500 and 4500 let through to it";
    return "";
  }

  std::vector<std::string> ownConfigFormats() const override { return {"ipsec.conf"}; }
  std::optional<OwnConfig> recogniseOwnConfig(const std::string& text, const std::string& = {}) const override {
    auto block = parseConnBlock(text);
    if (!block) return std::nullopt;
    return OwnConfig{text, "ipsec.conf", block->name};
  }
  std::optional<OwnConfig> renameOwnConfig(const OwnConfig& own, const std::string& name) const override {
    OwnConfig out = own;
    const std::string from = "conn " + own.name;
    std::size_t at = out.text.rfind(from, 0) == 0 ? 0 : out.text.find("\n" + from);
    if (at == std::string::npos) return std::nullopt;
    if (at) ++at;
    out.text.replace(at, from.size(), "conn " + name);
    out.name = name;
    return out;
  }
  OwnConn readOwnConfig(const OwnConfig& own, ConnSpec base, int statedVersion,
                        const std::string& version) const override {
    auto block = parseConnBlock(own.text);
    if (!block) throw OwnConfigError(1, "not an ipsec.conf conn block");
    return ownConn(*block, std::move(base), statedVersion, traitsOf(version));
  }
};

}  // namespace

std::unique_ptr<IkeImplementation> makeImplementation() { return std::make_unique<Libreswan>(); }

const IkeImplementation& implementation() { return lab::ike::implementation("libreswan"); }

std::optional<double> plutoLineAge(const std::string& line) {
  return timeOfDayAge(line, 7);  // "Dec 05 12:34:56.123456: ..."
}

std::string plutoLineConn(const std::string& line) {
  // The message starts with the connection's quoted name: `...: "gre1" #3: ...`,
  // `...: "gre1"[1] 1.2.3.4 #2: ...`, `...: "gre1": added ...`.
  static const std::regex conn(R"re((?:^|: )"([^"]+)"[\[ :])re");
  std::smatch m;
  return std::regex_search(line, m, conn) ? m[1].str() : std::string();
}

}  // namespace lab::ike::libreswan

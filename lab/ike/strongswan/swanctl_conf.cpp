#include "lab/ike/strongswan/swanctl_conf.h"

#include <regex>
#include <sstream>

#include "lab/ike/version.h"
#include "lab/sys/error.h"

namespace lab::ike {
namespace {

// A value in double quotes, with \" and \\ escaped.
std::string quoted(const std::string& v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// True unless `v` can stand unquoted after `key =` (a plain token: no
// characters the settings syntax gives a meaning, no edge spaces).
bool needsQuotes(const std::string& v) {
  if (v.empty() || v.front() == ' ' || v.back() == ' ') return true;
  return v.find_first_of("\"\\#{}=\n\t") != std::string::npos;
}

// A value as written in the file; secrets are always quoted (any PSK
// round-trips, and redactSwanctlConf() finds them).
std::string fileValue(const std::string& key, const std::string& v) {
  return key == "secret" || needsQuotes(v) ? quoted(v) : v;
}

void renderSection(std::string& out, const vici::Section& s, int depth) {
  const std::string indent(2 * depth, ' ');
  for (const auto& e : s.entries()) {
    switch (e.kind) {
      case vici::Entry::Kind::Value:
        out += indent + e.name + " = " + fileValue(e.name, e.value) + "\n";
        break;
      case vici::Entry::Kind::List: {  // swanctl.conf writes lists comma separated
        std::string joined;
        for (const auto& item : e.items) {
          if (item.find(',') != std::string::npos)
            throw sys::Error("swanctl.conf: list item '" + item + "' of '" + e.name + "' contains a comma");
          joined += (joined.empty() ? "" : ", ") + item;
        }
        out += indent + e.name + " = " + fileValue(e.name, joined) + "\n";
        break;
      }
      case vici::Entry::Kind::Section:
        out += indent + e.name + " {\n";
        renderSection(out, e.section, depth + 1);
        out += indent + "}\n";
        break;
    }
  }
}

}  // namespace

const std::vector<std::string>& swanctlCredentialDirs() {
  static const std::vector<std::string> dirs = {
      "x509", "x509ca", "x509ocsp", "x509aa", "x509ac", "x509crl", "pubkey",
      "private", "rsa", "ecdsa", "bliss", "pkcs8", "pkcs12"};
  return dirs;
}

bool isWildcardLeft(const std::string& left) {
  return left.empty() || left == "%defaultroute" || left == "%any";
}

vici::Section swanctlTree(const ConnSpec& conn, const Credentials& creds,
                          const std::string& defaultRouteAddr) {
  vici::Section tree;
  addConnection(tree, conn, creds, defaultRouteAddr);
  return tree;
}

void addConnection(vici::Section& tree, const ConnSpec& conn, const Credentials& creds,
                   const std::string& defaultRouteAddr) {
  std::string localId = conn.leftid;
  if (localId.empty()) {
    if (!isWildcardLeft(conn.left)) localId = conn.left;
    else localId = defaultRouteAddr;
  }
  const std::string remoteId = conn.rightid.empty() ? conn.right : conn.rightid;
  const bool psk = conn.auth == Auth::Psk;
  const bool transport = conn.mode == Mode::GreOverIpsec;
  const std::string ts = transport ? "dynamic[gre]" : "dynamic";
  const std::string auth = psk ? "psk" : "pubkey";

  vici::Section& c = tree.child("connections").add(conn.name);
  c.set("version", std::to_string(conn.ikeVersion));
  if (!isWildcardLeft(conn.left)) c.set("local_addrs", conn.left);
  c.set("remote_addrs", conn.right);
  c.set("proposals", kSwanctlIkeProposal);
  // The article's endpoints are fixed hosts: no MOBIKE, so IKEv2 stays on
  // port 500 and ESP stays plain ESP unless a NAT is really in the way
  // (with MOBIKE, strongSwan moves to 4500 and UDP-encapsulates ESP anyway).
  if (conn.ikeVersion == 2) c.set("mobike", "no");
  vici::Section& local = c.add("local");
  local.set("auth", auth);
  if (!localId.empty()) local.set("id", localId);
  if (!psk) local.set("pubkeys", "self.pem");
  vici::Section& remote = c.add("remote");
  remote.set("auth", auth);
  if (!remoteId.empty()) remote.set("id", remoteId);
  if (!psk) remote.set("pubkeys", StrongswanPaths::peerPubkeyFile(conn.name));
  vici::Section& child = c.add("children").add(conn.name);
  child.set("mode", transport ? "transport" : "tunnel");
  child.set("esp_proposals", kSwanctlEspProposal);
  child.set("local_ts", ts);
  child.set("remote_ts", ts);
  child.set("start_action", conn.initiator ? "start" : "none");
  if (psk) {
    vici::Section& secret = tree.child("secrets").add("ike-" + conn.name);
    secret.set("secret", creds.psk);
    if (!localId.empty()) secret.set("id-local", localId);
    if (!remoteId.empty()) secret.set("id-remote", remoteId);
  }
}

std::string renderSwanctlText(const vici::Section& tree, const std::string& header) {
  std::string out = header.empty() ? std::string() : "# " + header + "\n";
  renderSection(out, tree, 0);
  return out;
}

std::string swanctlConfHeader(const ConnSpec& conn) { return swanctlConfHeader(std::vector{conn.name}); }

std::string swanctlConfHeader(const std::vector<std::string>& connNames) {
  std::string names;
  for (const auto& n : connNames) names += (names.empty() ? "'" : ", '") + n + "'";
  return "swanctl.conf for " + names + ", rendered by labrun (strongSwan)";
}

std::string renderSwanctlConf(const ConnSpec& conn, const Credentials& creds,
                              const StrongswanPaths& /*paths*/,
                              const std::string& defaultRouteAddr) {
  return renderSwanctlText(swanctlTree(conn, creds, defaultRouteAddr), swanctlConfHeader(conn));
}

std::string redactSwanctlConf(const std::string& text) {
  static const std::regex secret(R"((^|\n)(\s*secret\s*=\s*)[^\n]*)");
  return std::regex_replace(text, secret, "$1$2<redacted>");
}

std::string charonSettings(const StrongswanPaths& paths, const std::string& plugins, const std::string& quiet,
                           const std::string& morePlugins) {
  std::ostringstream o;
  o << "  load = " << plugins << "\n";
  o << "  port = 500\n";
  o << "  port_nat_t = 4500\n";
  // The lab owns the namespace's routes; transport mode needs none and a
  // host-to-host tunnel between GRE inner addresses is already routed.
  o << "  install_routes = no\n";
  o << "  install_virtual_ip = no\n";
  o << quiet;
  o << "  filelog {\n";
  o << "    labrun {\n";
  o << "      path = " << paths.logFile().string() << "\n";
  o << "      time_format = %H:%M:%S\n";
  o << "      time_add_ms = yes\n";
  o << "      ike_name = yes\n";
  o << "      append = yes\n";
  o << "      flush_line = yes\n";
  o << "      default = 1\n";
  o << "    }\n";
  o << "  }\n";
  o << "  plugins {\n";
  o << "    vici {\n";
  o << "      socket = " << paths.viciUri() << "\n";
  o << "    }\n";
  o << morePlugins;
  o << "  }\n";
  return o.str();
}

std::string renderStrongswanConf(const StrongswanPaths& paths, const std::string& plugins, const std::string& version) {
  std::ostringstream o;
  o << "# strongswan.conf for one charon-systemd instance, rendered by labrun\n";
  o << "charon-systemd {\n";
  o << charonSettings(paths, plugins, "  journal {\n    default = -1\n  }\n");
  o << "}\n";
  o << renderToolConf("swanctl", version) << renderToolConf("pki", version);
  return o.str();
}

std::string renderToolConf(const std::string& tool, const std::string& version) {
  // Only what the clients use: Debian's default list names plugins this
  // install does not have, and each tool warns about every one. drbg: see
  // kCharonPlugins. 6.0 builds
  // gmp, sha1, sha2 and hmac no more (openssl does their work).
  const bool six = Version(version).known() && Version(version) >= Version("6.0");
  return tool + " {\n  load = pem pkcs1 pkcs8 x509 pubkey openssl " +
         (six ? "" : "gmp ") + "random drbg nonce" + (six ? "" : " sha1 sha2 hmac") + "\n}\n";
}

}  // namespace lab::ike

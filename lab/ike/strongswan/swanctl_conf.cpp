#include "lab/ike/strongswan/swanctl_conf.h"

#include <regex>
#include <sstream>

namespace lab::ike {
namespace {

// A value as swanctl.conf takes it: quoted (with \" and \\ escaped) unless it
// is a plain token.
std::string quoted(const std::string& v) {
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
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

std::string renderSwanctlConf(const ConnSpec& conn, const Credentials& creds,
                              const StrongswanPaths& /*paths*/,
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

  std::ostringstream o;
  o << "# swanctl.conf for '" << conn.name << "', rendered by labrun (strongSwan)\n";
  o << "connections {\n";
  o << "  " << conn.name << " {\n";
  o << "    version = " << conn.ikeVersion << "\n";
  if (!isWildcardLeft(conn.left)) o << "    local_addrs = " << conn.left << "\n";
  o << "    remote_addrs = " << conn.right << "\n";
  o << "    proposals = " << kSwanctlIkeProposal << "\n";
  // The article's endpoints are fixed hosts: no MOBIKE, so IKEv2 stays on
  // port 500 and ESP stays plain ESP unless a NAT is really in the way
  // (with MOBIKE, strongSwan moves to 4500 and UDP-encapsulates ESP anyway).
  if (conn.ikeVersion == 2) o << "    mobike = no\n";
  o << "    local {\n";
  o << "      auth = " << (psk ? "psk" : "pubkey") << "\n";
  if (!localId.empty()) o << "      id = " << localId << "\n";
  if (!psk) o << "      pubkeys = self.pem\n";
  o << "    }\n";
  o << "    remote {\n";
  o << "      auth = " << (psk ? "psk" : "pubkey") << "\n";
  if (!remoteId.empty()) o << "      id = " << remoteId << "\n";
  if (!psk) o << "      pubkeys = peer.pem\n";
  o << "    }\n";
  o << "    children {\n";
  o << "      " << conn.name << " {\n";
  o << "        mode = " << (transport ? "transport" : "tunnel") << "\n";
  o << "        esp_proposals = " << kSwanctlEspProposal << "\n";
  o << "        local_ts = " << ts << "\n";
  o << "        remote_ts = " << ts << "\n";
  o << "        start_action = " << (conn.initiator ? "start" : "none") << "\n";
  o << "      }\n";
  o << "    }\n";
  o << "  }\n";
  o << "}\n";
  if (psk) {
    o << "secrets {\n";
    o << "  ike-" << conn.name << " {\n";
    o << "    secret = " << quoted(creds.psk) << "\n";
    if (!localId.empty()) o << "    id-local = " << localId << "\n";
    if (!remoteId.empty()) o << "    id-remote = " << remoteId << "\n";
    o << "  }\n";
    o << "}\n";
  }
  return o.str();
}

std::string redactSwanctlConf(const std::string& text) {
  static const std::regex secret(R"((^|\n)(\s*secret\s*=\s*)[^\n]*)");
  return std::regex_replace(text, secret, "$1$2<redacted>");
}

std::string renderEmptySwanctlConf() {
  return "# swanctl.conf with nothing in it: loading it unloads every connection\n";
}

std::string renderStrongswanConf(const StrongswanPaths& paths) {
  std::ostringstream o;
  o << "# strongswan.conf for one charon-systemd instance, rendered by labrun\n";
  o << "charon-systemd {\n";
  o << "  load = " << kCharonPlugins << "\n";
  o << "  port = 500\n";
  o << "  port_nat_t = 4500\n";
  // The lab owns the namespace's routes; transport mode needs none and a
  // host-to-host tunnel between GRE inner addresses is already routed.
  o << "  install_routes = no\n";
  o << "  install_virtual_ip = no\n";
  o << "  journal {\n";
  o << "    default = -1\n";
  o << "  }\n";
  o << "  filelog {\n";
  o << "    labrun {\n";
  o << "      path = " << paths.logFile().string() << "\n";
  o << "      time_format = %H:%M:%S\n";
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
  o << "  }\n";
  o << "}\n";
  o << "swanctl {\n";
  o << "  load = pem pkcs1 pkcs8 x509 pubkey openssl gmp random nonce sha1 sha2 hmac\n";
  o << "}\n";
  o << "pki {\n";
  o << "  load = pem pkcs1 pkcs8 x509 pubkey openssl gmp random nonce sha1 sha2 hmac\n";
  o << "}\n";
  return o.str();
}

}  // namespace lab::ike

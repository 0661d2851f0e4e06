#include "lab/ike/libreswan/libreswan_conf.h"

#include <cctype>
#include <sstream>

#include "lab/sys/error.h"

namespace lab::ike::libreswan {
namespace {

[[noreturn]] void fail(const std::string& what) { throw sys::Error("libreswan config: " + what); }

// One value on one line: no newline, no quote, no whitespace where pluto
// would split it.
void checkValue(const std::string& key, const std::string& value) {
  for (char c : value)
    if (c == '\n' || c == '\r' || c == '"' || std::isspace(static_cast<unsigned char>(c)))
      fail(key + "=\"" + value + "\" contains whitespace or quotes");
}

void checkName(const std::string& name) {
  if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) fail("conn name must start with a letter: \"" + name + "\"");
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      fail("conn name may contain only letters, digits, '-', '_', '.': \"" + name + "\"");
}

bool isMagic(const std::string& address) { return !address.empty() && address[0] == '%'; }

// The ID pluto looks a secret up by: the explicit id, else the address
// unless it is a magic value.
std::string secretIndex(const std::string& id, const std::string& address) {
  if (!id.empty()) return id;
  if (address.empty() || isMagic(address)) return "%any";
  return address;
}

std::string secretsText(const ConnSpec& conn, const Credentials& creds, bool redact) {
  std::ostringstream out;
  out << "# labrun: secrets for conn " << conn.name << " (libreswan ipsec.secrets(5))\n";
  if (conn.auth == Auth::Rsa) {
    out << "# authby=rsasig: the private key lives in the NSS database; no entry needed\n";
    return out.str();
  }
  if (creds.psk.empty()) fail("authby=secret needs a PSK");
  for (char c : creds.psk)
    if (c == '"' || c == '\n' || c == '\r') fail("the PSK must not contain quotes or newlines");
  out << secretIndex(conn.leftid, conn.left) << ' ' << secretIndex(conn.rightid, conn.right) << " : PSK \""
      << (redact ? std::string("<redacted>") : creds.psk) << "\"\n";
  return out.str();
}

void line(std::ostringstream& out, const std::string& key, const std::string& value) {
  checkValue(key, value);
  out << "    " << key << '=' << value << '\n';
}

}  // namespace

std::string ikev1Policy(int ikeVersion) { return ikeVersion == 1 ? "accept" : ""; }

std::string renderSetup(const LibreswanPaths& paths, int ikeVersion, const VersionTraits& traits) {
  std::ostringstream out;
  out << "config setup\n";
  line(out, "logfile", paths.logFile.string());
  line(out, "nssdir", paths.nssDir.string());
  line(out, "ipsecdir", paths.ipsecDir.string());
  line(out, "secretsfile", paths.secretsFile.string());
  line(out, "dumpdir", paths.dumpDir.string());
  if (std::string policy = ikev1Policy(ikeVersion); !policy.empty() && traits.knowsIkev1Policy) {
    out << "    # Debian's libreswan drops IKEv1 unless told otherwise\n";
    line(out, "ikev1-policy", policy);
  }
  return out.str();
}

int setupIkeVersion(const std::vector<ConnConfig>& conns) {
  for (const auto& c : conns) {
    const bool needsV1 = c.conn.literal.empty() ? c.conn.ikeVersion == 1 : c.conn.literalAcceptsIkev1;
    if (needsV1) return 1;
  }
  return 2;
}

namespace {

std::string literalHeader(const ConnSpec& conn) {
  return "# labrun: " + conn.name + " as the user wrote it (bring your own config); key placeholders\n"
         "# filled with this run's keys. config setup: labrun's paths, Debian's defaults.\n";
}

std::string renderedHeader(const ConnSpec& conn) {
  return std::string("# labrun: libreswan ") + (conn.mode == Mode::GreOverIpsec ? "GRE over IPsec" : "IPsec over GRE") +
         ", IKEv" + std::to_string(conn.ikeVersion) + ", " + (conn.auth == Auth::Rsa ? "RSA" : "PSK") + '\n';
}

std::string literalBlock(const ConnSpec& conn, const Credentials& creds) {
  std::ostringstream out;
  std::istringstream in(conn.literal);
  for (std::string line; std::getline(in, line);) {
    auto key = line.substr(0, line.find('='));
    key.erase(0, key.find_first_not_of(" \t"));
    if (key == "leftrsasigkey" && !creds.self.rfc3110.empty()) line = "    leftrsasigkey=" + creds.self.rfc3110;
    if (key == "rightrsasigkey" && !creds.peer.rfc3110.empty()) line = "    rightrsasigkey=" + creds.peer.rfc3110;
    out << line << '\n';
  }
  return out.str();
}

std::string renderedBlock(const ConnSpec& conn, const Credentials& creds, const VersionTraits& traits) {
  if (conn.left.empty()) fail("conn " + conn.name + ": left is empty");
  if (conn.right.empty()) fail("conn " + conn.name + ": right is empty");
  if (conn.ikeVersion != 1 && conn.ikeVersion != 2)
    fail("conn " + conn.name + ": ikeVersion must be 1 or 2, not " + std::to_string(conn.ikeVersion));

  std::ostringstream out;
  out << "conn " << conn.name << '\n';
  line(out, "left", conn.left);
  line(out, "right", conn.right);
  if (!conn.leftid.empty()) line(out, "leftid", conn.leftid);
  if (!conn.rightid.empty()) line(out, "rightid", conn.rightid);
  line(out, "authby", conn.auth == Auth::Rsa ? "rsasig" : "secret");
  if (traits.keyexchangeNamesVersion) line(out, "keyexchange", conn.ikeVersion == 1 ? "ikev1" : "ikev2");
  else line(out, "ikev2", conn.ikeVersion == 1 ? "no" : "yes");
  line(out, "auto", conn.initiator ? "start" : "add");
  // One cipher suite, the same text strongSwan's renderer states
  // (swanctl_conf.cpp: proposals/esp_proposals). The defaults do not meet:
  // in IKEv1 pluto proposes Quick Mode with PFS (pfs=yes, group of phase 1)
  // and insists on it as responder ("we require PFS but Quick I1 SA
  // specifies no GROUP_DESCRIPTION"), while strongSwan's default ESP
  // proposals carry no DH group (NO_PROPOSAL_CHOSEN both ways). esp= names no
  // DH group on purpose: with PFS pluto appends the one phase 1 negotiated,
  // pinned here by ike= (ipsec.conf(5), "esp").
  line(out, "ike", kIkeProposal);
  line(out, "esp", kEspProposal);
  if (conn.mode == Mode::GreOverIpsec) {
    line(out, "leftprotoport", "gre");
    line(out, "rightprotoport", "gre");
    line(out, "type", "transport");
    if (conn.ikeVersion == 2 && !conn.initiator && traits.narrowsSelectorAddresses) {
      // IKEv2 sends traffic selectors even in transport mode, and an
      // initiator behind a NAT proposes its own private address (TSi
      // 10.1.0.1), not `right`. pluto 4.10 as responder compares TSi with
      // right/32 and refuses ("No IKEv2 connection found with compatible
      // Traffic Selectors", TS_UNACCEPTABLE); vhost:%priv, IKEv1's answer,
      // is refused for IKEv2 by addconn. Accepting any GRE selector and
      // narrowing it to what the peer proposes works: for transport mode
      // behind a NAT pluto then installs the policy towards the NAT's
      // address (its "bug #1004" substitution), and without a NAT the
      // narrowed selector is the peer's address. The peer stays
      // authenticated by its ID and key, the SA and policy stay GRE only.
      out << "    # IKEv2 responder: accept the peer's own (possibly NATed, private) address as its selector\n";
      line(out, "rightsubnet", conn.right.find(':') == std::string::npos ? "0.0.0.0/0" : "::/0");
      line(out, "narrowing", "yes");
    }
  }
  // The lab owns addresses and routes; the default updown script only
  // re-does them (and costs ~1 s per SA under UML, where every exec is slow).
  line(out, "leftupdown", "%disabled");
  if (conn.auth == Auth::Rsa) {
    if (creds.self.rfc3110.empty()) fail("conn " + conn.name + ": authby=rsasig needs this host's public key");
    if (creds.peer.rfc3110.empty()) fail("conn " + conn.name + ": authby=rsasig needs the peer's public key");
    line(out, "leftrsasigkey", creds.self.rfc3110);
    line(out, "rightrsasigkey", creds.peer.rfc3110);
  }
  return out.str();
}

std::string header(const ConnSpec& conn) { return conn.literal.empty() ? renderedHeader(conn) : literalHeader(conn); }

std::string block(const ConnConfig& c, const VersionTraits& traits) {
  checkName(c.conn.name);
  return c.conn.literal.empty() ? renderedBlock(c.conn, c.creds, traits) : literalBlock(c.conn, c.creds);
}

std::string secretsOf(const std::vector<ConnConfig>& conns, bool redact) {
  std::string out;
  for (const auto& c : conns) out += secretsText(c.conn, c.creds, redact);
  return out;
}

}  // namespace

std::string renderIpsecConf(const std::vector<ConnConfig>& conns, const LibreswanPaths& paths,
                            const VersionTraits& traits) {
  if (conns.empty()) fail("no connection to render");
  std::string out;
  if (conns.size() == 1) out += header(conns[0].conn);
  else out += "# labrun: libreswan, " + std::to_string(conns.size()) + " connections\n";
  out += renderSetup(paths, setupIkeVersion(conns), traits);
  for (const auto& c : conns) {
    out += '\n';
    if (conns.size() > 1) out += header(c.conn);
    out += block(c, traits);
  }
  return out;
}

std::string renderIpsecConf(const ConnSpec& conn, const Credentials& creds, const LibreswanPaths& paths,
                            const VersionTraits& traits) {
  return renderIpsecConf(std::vector<ConnConfig>{{conn, creds}}, paths, traits);
}

std::string renderSecrets(const std::vector<ConnConfig>& conns) { return secretsOf(conns, false); }
std::string renderSecrets(const ConnSpec& conn, const Credentials& creds) { return secretsOf({{conn, creds}}, false); }
std::string redactSecrets(const std::vector<ConnConfig>& conns) { return secretsOf(conns, true); }
std::string redactSecrets(const ConnSpec& conn, const Credentials& creds) { return secretsOf({{conn, creds}}, true); }

}  // namespace lab::ike::libreswan

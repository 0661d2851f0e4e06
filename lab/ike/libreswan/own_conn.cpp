#include "lab/ike/libreswan/own_conn.h"

#include <sstream>

namespace lab::ike::libreswan {
namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::string unquote(std::string v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return v.substr(1, v.size() - 2);
  return v;
}

bool looksLikeIpsecConf(const std::string& text) {
  std::istringstream in(text);
  for (std::string raw; std::getline(in, raw);) {
    if (raw.empty() || raw[0] == ' ' || raw[0] == '\t') continue;
    const std::string line = trim(raw);
    if (line == "config setup" || line.rfind("conn ", 0) == 0) return true;
  }
  return false;
}

bool isIkev1(const std::string& ikev2, const std::string& keyexchange) {
  return ikev2 == "no" || ikev2 == "never" || ikev2 == "permit" || keyexchange == "ikev1";
}

// How this version states a conn's IKE version (keyexchange= from 5.0,
// which logs ikev2= as replaced; ikev2= before, which refuses keyexchange=ikev1).
std::string ikeVersionKey(const VersionTraits& traits) { return traits.keyexchangeNamesVersion ? "keyexchange" : "ikev2"; }

std::string ikeVersionLine(const VersionTraits& traits, int ikeVersion) {
  if (traits.keyexchangeNamesVersion) return ikeVersion == 1 ? "keyexchange=ikev1" : "keyexchange=ikev2";
  return ikeVersion == 1 ? "ikev2=no" : "ikev2=yes";
}

}  // namespace

std::optional<ConnBlock> parseConnBlock(const std::string& text) {
  if (!looksLikeIpsecConf(text)) return std::nullopt;
  ConnBlock b;
  std::istringstream in(text);
  enum { None, Setup, Conn } section = None;
  int lineNo = 0;
  bool setupNoted = false;
  for (std::string raw; std::getline(in, raw);) {
    ++lineNo;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') {
      if (section == Conn) b.conn += raw + "\n";
      continue;
    }
    if (raw[0] != ' ' && raw[0] != '\t') {
      if (line == "config setup") {
        section = Setup;
        continue;
      }
      if (line.rfind("conn ", 0) == 0) {
        if (section == Conn) throw OwnConfigError(lineNo, "one conn per host (found a second: " + line + ")");
        section = Conn;
        b.name = trim(line.substr(5));
        b.conn += line + "\n";
        continue;
      }
      throw OwnConfigError(lineNo, "expected 'conn NAME' or an indented key=value, got: " + line);
    }
    const auto eq = line.find('=');
    if (eq == std::string::npos) throw OwnConfigError(lineNo, "expected key=value, got: " + line);
    const std::string key = trim(line.substr(0, eq)), value = unquote(trim(line.substr(eq + 1)));
    if (section == Setup) {
      if (!setupNoted) {
        b.notes.push_back("its config setup section is replaced by labrun's (private paths; Debian's defaults otherwise)");
        setupNoted = true;
      }
      if (key == "protostack")
        b.notes.push_back("protostack=" + value + " is obsolete since libreswan 4: XFRM (the old netkey) is the only stack");
      continue;
    }
    if (section != Conn) throw OwnConfigError(lineNo, "key=value outside a conn: " + line);
    b.keys[key] = value;
    b.conn += "    " + key + "=" + trim(line.substr(eq + 1)) + "\n";
  }
  if (b.name.empty()) throw OwnConfigError(0, "no 'conn NAME' block");
  return b;
}

bool statesIkeVersion(const ConnBlock& b) { return b.keys.count("ikev2") || b.keys.count("keyexchange"); }

OwnConn ownConn(const ConnBlock& b, ConnSpec c, int statedVersion, const VersionTraits& traits) {
  auto get = [&](const char* k) -> std::string {
    auto it = b.keys.find(k);
    return it == b.keys.end() ? "" : it->second;
  };
  OwnConn out;
  out.notes = b.notes;
  c.name = b.name;
  c.literal = b.conn;
  if (auto v = get("left"); !v.empty()) c.left = v;
  if (auto v = get("right"); !v.empty()) c.right = v;
  c.leftid = get("leftid");
  c.rightid = get("rightid");
  const int asWritten = statesIkeVersion(b) ? (isIkev1(get("ikev2"), get("keyexchange")) ? 1 : 2)
                                            : (traits.ikev2ByDefault ? 2 : 1);
  c.ikeVersion = asWritten;
  const std::string v = traits.version.str();
  if (!statesIkeVersion(b)) {
    if (statedVersion) {
      c.ikeVersion = statedVersion;
      c.literal += "    # labrun: the scenario states IKEv" + std::to_string(statedVersion) + " for this conn\n";
      c.literal += "    " + ikeVersionLine(traits, statedVersion) + "\n";
      out.notes.push_back("no " + ikeVersionKey(traits) + "= line: the scenario states IKEv" + std::to_string(statedVersion) +
                          " (the version the conn's author ran), so labrun adds it" +
                          (statedVersion == 1 && traits.dropsIkev1ByDefault
                               ? " with ikev1-policy=accept; as written, libreswan " + v + " would negotiate IKEv" +
                                     std::to_string(asWritten)
                               : std::string()));
    } else {
      out.notes.push_back("no " + ikeVersionKey(traits) + "= line: libreswan " + v + " negotiates IKEv" +
                          std::to_string(asWritten) +
                          " for this conn, while libreswan 3 (which the article ran) chose IKEv1; add " +
                          ikeVersionLine(traits, 1) + " for IKEv1");
    }
  }
  c.literalAcceptsIkev1 = c.ikeVersion == 1 && !statesIkeVersion(b) && statedVersion == 1;
  if (c.ikeVersion == 1 && !c.literalAcceptsIkev1 && traits.dropsIkev1ByDefault)
    out.notes.push_back("IKEv1: Debian's libreswan " + v +
                        " drops IKEv1 unless config setup has ikev1-policy=accept (labrun keeps Debian's default, as "
                        "on a stock install)");
  for (const char* k : {"leftrsasigkey", "rightrsasigkey"})
    if (b.keys.count(k))
      out.notes.push_back(std::string(k) + " is filled with the lab's generated key (the private keys live in this "
                          "run's NSS databases)");
  const std::string authby = get("authby");
  c.auth = authby == "secret" || authby == "psk" ? Auth::Psk : Auth::Rsa;
  c.mode = get("leftprotoport") == "gre" || get("type") == "transport" ? Mode::GreOverIpsec : Mode::IpsecOverGre;
  c.initiator = get("auto") == "start";
  out.conn = std::move(c);
  return out;
}

}  // namespace lab::ike::libreswan

#include "harness/scenario/literal_conn.h"

#include <sstream>

namespace harness::scenario {
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

}  // namespace

std::optional<LiteralConn> parseLiteralConn(const std::string& text, std::string* error) {
  LiteralConn lit;
  std::istringstream in(text);
  std::string raw;
  enum { None, Setup, Conn } section = None;
  int lineNo = 0;
  bool setupNoted = false;
  while (std::getline(in, raw)) {
    ++lineNo;
    std::string line = trim(raw);
    if (line.empty() || line[0] == '#') {
      if (section == Conn) lit.conn += raw + "\n";
      continue;
    }
    const bool indented = raw[0] == ' ' || raw[0] == '\t';
    if (!indented) {
      if (line == "config setup") {
        section = Setup;
        continue;
      }
      if (line.rfind("conn ", 0) == 0) {
        if (section == Conn) {
          if (error) *error = "line " + std::to_string(lineNo) + ": one conn per host (found a second: " + line + ")";
          return std::nullopt;
        }
        section = Conn;
        lit.name = trim(line.substr(5));
        lit.conn += line + "\n";
        continue;
      }
      if (error) *error = "line " + std::to_string(lineNo) + ": expected 'conn NAME' or an indented key=value, got: " + line;
      return std::nullopt;
    }
    auto eq = line.find('=');
    if (eq == std::string::npos) {
      if (error) *error = "line " + std::to_string(lineNo) + ": expected key=value, got: " + line;
      return std::nullopt;
    }
    const std::string key = trim(line.substr(0, eq)), value = unquote(trim(line.substr(eq + 1)));
    if (section == Setup) {
      if (!setupNoted) {
        lit.notes.push_back("its config setup section is replaced by labrun's (private paths; Debian's defaults otherwise)");
        setupNoted = true;
      }
      if (key == "protostack")
        lit.notes.push_back("protostack=" + value + " is obsolete in libreswan 4: XFRM (the old netkey) is the only stack");
      continue;
    }
    if (section != Conn) {
      if (error) *error = "line " + std::to_string(lineNo) + ": key=value outside a conn: " + line;
      return std::nullopt;
    }
    lit.keys[key] = value;
    lit.conn += "    " + key + "=" + trim(line.substr(eq + 1)) + "\n";
  }
  if (lit.name.empty()) {
    if (error) *error = "no 'conn NAME' block";
    return std::nullopt;
  }
  const bool hasV2 = lit.keys.count("ikev2"), hasKx = lit.keys.count("keyexchange");
  const std::string v2 = hasV2 ? lit.keys["ikev2"] : "";
  const bool ikev1 = (hasV2 && (v2 == "no" || v2 == "never" || v2 == "permit")) ||
                     (hasKx && lit.keys["keyexchange"] == "ikev1");
  if (!hasV2 && !hasKx)
    lit.notes.push_back("no ikev2= line: libreswan 4 negotiates IKEv2 for this conn, while libreswan 3 (which the "
                        "article ran) chose IKEv1; add ikev2=no for IKEv1");
  if (ikev1)
    lit.notes.push_back("IKEv1: Debian's libreswan drops IKEv1 unless config setup has ikev1-policy=accept (labrun "
                        "keeps Debian's default, as on a stock install)");
  for (const char* k : {"leftrsasigkey", "rightrsasigkey"})
    if (lit.keys.count(k))
      lit.notes.push_back(std::string(k) + " is filled with the lab's generated key (the private keys live in this "
                          "run's NSS databases)");
  return lit;
}

bool statesIkeVersion(const LiteralConn& lit) { return lit.keys.count("ikev2") || lit.keys.count("keyexchange"); }

lab::ike::ConnSpec connOfLiteral(const LiteralConn& lit, lab::ike::ConnSpec c, int statedVersion) {
  auto get = [&](const char* k) -> std::string {
    auto it = lit.keys.find(k);
    return it == lit.keys.end() ? "" : it->second;
  };
  c.name = lit.name;
  c.literal = lit.conn;
  if (auto v = get("left"); !v.empty()) c.left = v;
  if (auto v = get("right"); !v.empty()) c.right = v;
  c.leftid = get("leftid");
  c.rightid = get("rightid");
  const std::string v2 = get("ikev2"), kx = get("keyexchange");
  c.ikeVersion = (v2 == "no" || v2 == "never" || v2 == "permit" || kx == "ikev1") ? 1 : 2;
  if (!statesIkeVersion(lit) && statedVersion) {
    c.ikeVersion = statedVersion;
    c.literal += "    # labrun: the scenario states IKEv" + std::to_string(statedVersion) + " for this conn\n";
    c.literal += statedVersion == 1 ? "    ikev2=no\n" : "    ikev2=yes\n";
  }
  c.literalAcceptsIkev1 = c.ikeVersion == 1 && !statesIkeVersion(lit) && statedVersion == 1;
  const std::string authby = get("authby");
  c.auth = authby == "secret" || authby == "psk" ? lab::ike::Auth::Psk : lab::ike::Auth::Rsa;
  c.mode = get("leftprotoport") == "gre" || get("type") == "transport" ? lab::ike::Mode::GreOverIpsec
                                                                        : lab::ike::Mode::IpsecOverGre;
  c.initiator = get("auto") == "start";
  return c;
}

}  // namespace harness::scenario

#include "lab/ike/strongswan/own_ipsec_conf.h"

#include <algorithm>
#include <sstream>

#include "lab/ike/strongswan/own_ipsec_conf_options.h"
#include "lab/ike/strongswan/own_swanctl_options.h"

namespace fs = std::filesystem;

namespace lab::ike::strongswan {
namespace {

constexpr const char* kSecretPlaceholder = "%labrun-per-run-secret";

bool startsWith(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }
bool known(const std::vector<std::string>& v, const std::string& k) { return std::find(v.begin(), v.end(), k) != v.end(); }

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t\r") + 1 - a);
}

// The text before a comment ('#' outside double quotes).
std::string uncomment(const std::string& raw, int lineNo) {
  bool quoted = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '"' && (i == 0 || raw[i - 1] != '\\')) quoted = !quoted;
    if (raw[i] == '#' && !quoted) return raw.substr(0, i);
  }
  if (quoted)
    throw OwnConfigError(lineNo, "a quoted value is not closed: add a '\"'", static_cast<int>(raw.rfind('"')) + 1);
  return raw;
}

std::string unquote(std::string v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  return v;
}

struct Section {
  std::string kind, name;  // "conn", "gre1"
  int line = 0;
  std::map<std::string, std::string> keys;
  std::map<std::string, int> keyLine;
};

// An ipsec.secrets line: "ID ID : PSK "secret"" (or RSA/ECDSA/... KEYFILE).
bool secretLine(const std::string& line, OwnIpsecConf& out, std::string& kept, int lineNo) {
  const auto colon = line.find(" : ");
  if (colon == std::string::npos && !startsWith(line, ": ")) return false;
  const std::string ids = colon == std::string::npos ? "" : trim(line.substr(0, colon));
  std::istringstream rest(line.substr(colon == std::string::npos ? 2 : colon + 3));
  std::string type;
  rest >> type;
  if (type == "PSK" || type == "XAUTH" || type == "EAP") {
    if (type == "PSK") out.secretIds.push_back(ids);
    kept = (ids.empty() ? "" : ids + " ") + ": " + type + " " + kSecretPlaceholder;
    out.notes.push_back("line " + std::to_string(lineNo) + ": your " + type +
                        " secret is replaced by a per-run one of labrun's (yours is not kept, written or printed)");
    return true;
  }
  if (type == "RSA" || type == "ECDSA" || type == "PKCS8" || type == "P12") {
    kept = (ids.empty() ? "" : ids + " ") + ": " + type + " %labrun-host-key";
    out.notes.push_back("line " + std::to_string(lineNo) + ": your " + type +
                        " private key is replaced by the lab's host key");
    return true;
  }
  throw OwnConfigError(lineNo, "an ipsec.secrets line takes PSK, RSA, ECDSA, XAUTH or EAP after ':', not '" + type + "'");
}

void checkKey(const Section& s, const std::string& key, int lineNo, int col, OwnIpsecConf& out) {
  if (known(ipsecDeprecatedKeywords(), key)) {
    out.notes.push_back("line " + std::to_string(lineNo) + ": " + key + "= is deprecated; strongSwan's starter ignores it");
    return;
  }
  const auto& list = s.kind == "config" ? ipsecSetupKeywords() : ipsecConnKeywords();
  if (known(list, key)) return;
  // libreswan's words for what strongSwan spells otherwise.
  const std::string hint = key == "ikev2"      ? ": strongSwan's starter says keyexchange=ikev1|ikev2"
                           : key == "narrowing" ? ": strongSwan narrows traffic selectors by itself"
                                                : closestHint(key, list);
  throw OwnConfigError(lineNo,
                       "unknown keyword '" + key + "' in " + s.kind + " " + s.name + hint +
                           " (strongSwan's ipsec.conf(5) lists " + (s.kind == "config" ? "config setup" : "conn") +
                           " keywords)",
                       col);
}

// A conn's keys with also= and %default merged in (the conn's own win).
std::map<std::string, std::string> resolved(const std::vector<Section>& secs, const Section& s, int depth = 0) {
  if (depth > 8) throw OwnConfigError(s.line, "also= nests deeper than 8 (a loop?)");
  std::map<std::string, std::string> out;
  for (const auto& d : secs)
    if (d.kind == "conn" && d.name == "%default" && &d != &s) out = d.keys;
  if (auto a = s.keys.find("also"); a != s.keys.end()) {
    const auto it = std::find_if(secs.begin(), secs.end(), [&](const Section& x) { return x.kind == s.kind && x.name == a->second; });
    if (it == secs.end())
      throw OwnConfigError(s.keyLine.at("also"), "also=" + a->second + ": no conn " + a->second + " in this file");
    for (const auto& [k, v] : resolved(secs, *it, depth + 1)) out[k] = v;
  }
  for (const auto& [k, v] : s.keys) out[k] = v;
  out.erase("also");
  return out;
}

// What in `key=value` only strongSwan's starter reads ("" if nothing).
std::string evidenceOf(const std::string& key, const std::string& value) {
  if (strongswanOnlyKeyword(key)) return key + "=";
  if (key == "keyexchange" && value == "ike") return "keyexchange=ike";
  if ((key == "ike" || key == "esp") && !value.empty() && value.back() == '!') return key + "=" + value;
  return "";
}

// The first sign in an indented line that the text is strongSwan's, as
// "leftauth= (line 7)"; "" when there is none.
std::string scanEvidence(const std::string& text) {
  std::istringstream in(text);
  int lineNo = 0;
  for (std::string raw; std::getline(in, raw);) {
    ++lineNo;
    if (raw.empty() || (raw[0] != ' ' && raw[0] != '\t')) continue;
    const auto hash = raw.find('#');
    const std::string line = trim(raw.substr(0, hash));
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    if (auto e = evidenceOf(trim(line.substr(0, eq)), unquote(trim(line.substr(eq + 1)))); !e.empty())
      return e + " (line " + std::to_string(lineNo) + ")";
  }
  return "";
}

}  // namespace

std::optional<OwnIpsecConf> parseOwnIpsecConf(const std::string& text, bool forced, const fs::path& dir) {
  OwnIpsecConf out;
  // Not forced: libreswan's syntax too, so only with a sign of strongSwan's
  // own is it read (and checked) as strongSwan's.
  out.evidence = scanEvidence(text);
  if (!forced && out.evidence.empty()) return std::nullopt;
  std::vector<Section> secs;
  std::istringstream in(text);
  int lineNo = 0;
  std::string kept;
  for (std::string raw; std::getline(in, raw);) {
    ++lineNo;
    const std::string line = trim(uncomment(raw, lineNo));
    std::string keptLine = raw;
    if (line.empty()) {
      kept += keptLine + "\n";
      continue;
    }
    const bool indented = raw[0] == ' ' || raw[0] == '\t';
    if (!indented) {
      std::istringstream w(line);
      std::string kind, name, extra;
      w >> kind >> name >> extra;
      if (secretLine(line, out, keptLine, lineNo)) {
      } else if (kind == "include") {
        throw OwnConfigError(lineNo, "include is not followed here: paste the included file in its place", 1);
      } else if ((kind == "conn" || kind == "ca" || (kind == "config" && name == "setup")) && !name.empty() &&
                 extra.empty()) {
        secs.push_back({kind, name, lineNo, {}, {}});
      } else if (!forced && secs.empty()) {
        return std::nullopt;  // not an ipsec.conf at all
      } else {
        throw OwnConfigError(lineNo, "expected 'conn NAME', 'config setup', 'ca NAME' or an indented key=value, got: " + line, 1);
      }
      kept += keptLine + "\n";
      continue;
    }
    if (secs.empty()) {
      if (!forced) return std::nullopt;
      throw OwnConfigError(lineNo, "key=value outside a section: start one with 'conn NAME'", 1);
    }
    const int col = static_cast<int>(raw.find_first_not_of(" \t")) + 1;
    const auto eq = line.find('=');
    if (eq == std::string::npos) throw OwnConfigError(lineNo, "expected key=value, got: " + line, col);
    const std::string key = trim(line.substr(0, eq)), value = unquote(trim(line.substr(eq + 1)));
    Section& s = secs.back();
    checkKey(s, key, lineNo, col, out);
    s.keys[key] = value;
    s.keyLine[key] = lineNo;
    kept += keptLine + "\n";
  }
  std::vector<const Section*> conns;
  for (const auto& s : secs)
    if (s.kind == "conn" && s.name != "%default") conns.push_back(&s);
  if (conns.empty()) {
    if (!forced) return std::nullopt;
    throw OwnConfigError(secs.empty() ? 1 : secs.front().line, "no 'conn NAME' section");
  }
  // The conn labrun runs: the one that is not only a base of others (also=).
  std::vector<const Section*> leaves;
  for (const auto* c : conns)
    if (std::none_of(conns.begin(), conns.end(), [&](const Section* o) {
          auto a = o->keys.find("also");
          return a != o->keys.end() && a->second == c->name;
        }))
      leaves.push_back(c);
  if (leaves.size() != 1)
    throw OwnConfigError(leaves.size() > 1 ? leaves[1]->line : conns.front()->line,
                         "one conn per host: this file has " + std::to_string(leaves.size()) +
                             " (keep the one for this host, or tie the others in with also=)");
  out.name = leaves.front()->name;
  out.keys = resolved(secs, *leaves.front());
  if (!out.keys.count("right"))
    throw OwnConfigError(leaves.front()->line, "conn " + out.name + " has no right=: add the peer's address");
  const std::string authby = out.keys.count("authby") ? out.keys["authby"] : "";
  const bool psk = authby == "secret" || authby == "psk" || (out.keys.count("leftauth") && out.keys["leftauth"] == "psk");
  if (psk && out.secretIds.empty())
    throw OwnConfigError(leaves.front()->keyLine.count("authby") ? leaves.front()->keyLine.at("authby")
                                                                   : leaves.front()->line,
                         "conn " + out.name + " authenticates with a PSK but no secret is given: add its ipsec.secrets "
                         "line below it, e.g. '" + (out.keys.count("left") ? out.keys["left"] : std::string("LEFT")) +
                             " " + out.keys["right"] + " : PSK \"...\"' (labrun replaces the secret)");
  if (!dir.empty())
    for (const char* k : {"leftcert", "rightcert", "leftsigkey", "rightsigkey"})
      if (auto it = out.keys.find(k); it != out.keys.end() && !startsWith(it->second, "%") &&
                                      !startsWith(it->second, "0s") && !startsWith(it->second, "0x")) {
        const fs::path p = fs::path(it->second).is_absolute() ? fs::path(it->second) : dir / it->second;
        if (!fs::exists(p))
          throw OwnConfigError(leaves.front()->keyLine.count(k) ? leaves.front()->keyLine.at(k) : leaves.front()->line,
                               std::string(k) + "=" + it->second + ": file not found (next to the config, or give its "
                               "path); labrun uses the lab's keys in its place");
      }
  out.text = kept;
  return out;
}

std::string ownIpsecSecrets(const OwnIpsecConf& own, const std::string& psk) {
  std::string s = "# labrun: the conn's secrets, this run's own (ipsec.secrets(5))\n";
  for (const auto& ids : own.secretIds) s += (ids.empty() ? "" : ids + " ") + ": PSK \"" + psk + "\"\n";
  return s;
}

OwnConn ownIpsecConfConn(const OwnIpsecConf& own, ConnSpec c) {
  auto get = [&](const char* k) {
    auto it = own.keys.find(k);
    return it == own.keys.end() ? std::string() : it->second;
  };
  OwnConn out;
  out.notes = own.notes;
  c.name = own.name;
  c.literal = own.text;
  c.left = get("left").empty() ? "%any" : get("left");
  c.right = get("right");
  c.leftid = get("leftid");
  c.rightid = get("rightid");
  // keyexchange=ike (the default): IKEv2 when initiating, either answering.
  c.ikeVersion = get("keyexchange") == "ikev1" ? 1 : 2;
  const std::string authby = get("authby"), leftauth = get("leftauth");
  c.auth = authby == "secret" || authby == "psk" || leftauth == "psk" ? Auth::Psk : Auth::Rsa;
  c.mode = get("type") == "transport" ? Mode::GreOverIpsec : Mode::IpsecOverGre;
  c.initiator = get("auto") == "start" || get("auto") == "route";
  if (get("left").empty())
    out.notes.push_back("no left=: strongSwan's starter takes %any (any local address), where libreswan needs one");
  for (const char* k : {"leftcert", "leftsigkey", "leftrsasigkey", "rightcert", "rightsigkey", "rightrsasigkey"})
    if (!get(k).empty())
      out.notes.push_back(std::string(k) + "=: replaced by the lab's raw host key (" + (k[0] == 'l' ? "left" : "right") +
                          "sigkey=)");
  out.conn = std::move(c);
  return out;
}

}  // namespace lab::ike::strongswan

#include "lab/ike/strongswan/own_swanctl.h"

#include <algorithm>
#include <set>

#include "lab/ike/strongswan/own_swanctl_options.h"
#include "lab/ike/strongswan/own_swanctl_syntax.h"
#include "lab/ike/strongswan/swanctl_conf.h"

namespace fs = std::filesystem;

namespace lab::ike::strongswan {
namespace {

[[noreturn]] void fail(const Node& n, const std::string& what) { throw OwnConfigError(n.line, what, n.col); }

bool startsWith(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

const Node* find(const Node& sec, const std::string& name) {
  for (const auto& c : sec.children)
    if (c.name == name) return &c;
  return nullptr;
}

std::string first(const std::string& list) {
  auto v = list.substr(0, list.find(','));
  v.erase(0, v.find_first_not_of(" \t"));
  v.erase(v.find_last_not_of(" \t") + 1);
  return v;
}

// A setting checked against its section's options.
void checkKey(const Node& n, const std::string& where, const std::vector<std::string>& known) {
  if (n.section) fail(n, "'" + n.name + " {' is not a section of " + where + ": did you mean '" + n.name + " = …'?");
  if (std::find(known.begin(), known.end(), n.name) != known.end()) return;
  if (startsWith(where, "secrets.") && startsWith(n.name, "id")) return;  // id, id-local, id-foo
  fail(n, "unknown option '" + n.name + "' in " + where + closestHint(n.name, known) +
              " (swanctl.conf(5) lists " + where + "'s options)");
}

void checkEnum(const Node& n, const std::vector<std::string>& allowed) {
  for (const auto& a : allowed)
    if (n.value == a || startsWith(n.value, a + "-")) return;  // auth = pubkey, eap-md5, ...
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  throw OwnConfigError(n.line, "'" + n.name + " = " + n.value + "' is not valid: " + n.name + " takes " + list,
                       n.valueCol);
}

struct Checked {
  const Node* conn = nullptr;
  bool psk = false;
  const Node* pskAt = nullptr;
  bool hasIkeSecret = false;
};

void checkRound(const Node& r, const std::string& where, Checked& ck) {
  if (!r.section) fail(r, "'" + r.name + "' is a section in " + where + ": write '" + r.name + " { auth = … }'");
  for (const auto& k : r.children) {
    checkKey(k, where + "." + r.name, authRoundOptions());
    if (k.name == "auth") {
      checkEnum(k, {"pubkey", "rsa", "ecdsa", "psk", "eap", "xauth"});
      if (k.value == "psk" && !ck.psk) ck.psk = true, ck.pskAt = &k;
    }
  }
}

void checkConn(const Node& c, Checked& ck) {
  const std::string where = "connections." + c.name;
  if (!c.section) fail(c, "'" + c.name + "' in connections is a setting: each connection is a section, '" + c.name + " {'");
  bool children = false;
  for (const auto& k : c.children) {
    if (startsWith(k.name, "local") || startsWith(k.name, "remote")) {
      if (k.section) {
        checkRound(k, where, ck);
        continue;
      }
    }
    if (k.name == "children") {
      if (!k.section) fail(k, "children is a section: 'children { NAME { local_ts = … } }'");
      for (const auto& ch : k.children) {
        if (!ch.section) fail(ch, "'" + ch.name + "' in " + where + ".children is a setting: each child is a section");
        for (const auto& o : ch.children) {
          checkKey(o, where + ".children." + ch.name, childOptions());
          if (o.name == "mode") checkEnum(o, {"tunnel", "transport", "transport_proxy", "beet", "pass", "drop"});
          if (o.name == "start_action") checkEnum(o, {"none", "trap", "start", "trap|start"});
        }
        children = true;
      }
      continue;
    }
    checkKey(k, where, connOptions());
    if (k.name == "version") checkEnum(k, {"0", "1", "2"});
  }
  if (!find(c, "remote_addrs"))
    fail(c, where + " has no remote_addrs: labrun needs the peer's address to map it to a lab host (remote_addrs = 203.0.113.7)");
  if (!children)
    fail(c, where + " has no children: add 'children { " + c.name + " { local_ts = dynamic } }' (the CHILD_SA that carries traffic)");
}

void checkSecret(const Node& s, Checked& ck, std::vector<std::string>& notes) {
  if (!s.section) fail(s, "'" + s.name + "' in secrets is a setting: each secret is a section, '" + s.name + " {'");
  std::string type;
  for (const auto& t : secretTypes())
    if (startsWith(s.name, t)) type = t;
  if (type.empty()) {
    std::string list;
    for (const auto& t : secretTypes()) list += (list.empty() ? "" : ", ") + t + "…";
    fail(s, "secrets." + s.name + ": a secret's name starts with its type (" + list + ")");
  }
  for (const auto& k : s.children) checkKey(k, "secrets." + s.name, secretOptions());
  if (type == "ike") {
    if (!find(s, "secret")) fail(s, "secrets." + s.name + " has no secret: add 'secret = …' (labrun replaces it with a per-run one)");
    ck.hasIkeSecret = true;
    notes.push_back("secrets." + s.name + ": your pre-shared key is replaced by a per-run one of labrun's (yours is not kept, "
                    "written or printed)");
  } else {
    notes.push_back("secrets." + s.name + " (" + type + "): dropped; labrun authenticates with this run's own host keys");
  }
}

// The text labrun keeps: as written, every secret value replaced.
void replaceSecrets(vici::Section& s) {
  for (auto& e : s.entries()) {
    if (e.kind == vici::Entry::Kind::Section) replaceSecrets(e.section);
    else if (e.name == "secret" || e.name == "pin") e.value = kOwnSecretPlaceholder;
  }
}

}  // namespace

std::optional<OwnSwanctl> parseOwnSwanctl(const std::string& text, const fs::path& dir) {
  // Recognised by its first statement: a swanctl.conf top-level section.
  {
    std::string word;
    std::size_t i = 0;
    while (i < text.size()) {
      if (text[i] == '#') i = text.find('\n', i) == std::string::npos ? text.size() : text.find('\n', i);
      else if (std::isspace(static_cast<unsigned char>(text[i]))) ++i;
      else break;
    }
    while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_')) word += text[i++];
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    const bool opens = i < text.size() && text[i] == '{';
    if (!opens || (word != "connections" && word != "secrets" && word != "pools" && word != "authorities"))
      return std::nullopt;
  }
  const Node root = readSettings(text);
  OwnSwanctl out;
  Checked ck;
  for (const auto& top : root.children) {
    if (!top.section) fail(top, "'" + top.name + "' is not a swanctl.conf section (connections, secrets, pools, authorities)");
    if (top.name == "connections") {
      for (const auto& c : top.children) {
        checkConn(c, ck);
        if (ck.conn) fail(c, "a second connection ('" + c.name + "'): labrun runs one connection per host; give the others their own file");
        ck.conn = &c;
      }
    } else if (top.name == "secrets") {
      for (const auto& s : top.children) checkSecret(s, ck, out.notes);
    } else if (top.name == "pools" || top.name == "authorities") {
      out.notes.push_back(top.name + ": not used by labrun's lab (ignored)");
    } else {
      fail(top, "unknown section '" + top.name + "'" + closestHint(top.name, {"connections", "secrets", "pools", "authorities"}));
    }
  }
  if (!ck.conn) throw OwnConfigError(root.children.empty() ? 1 : root.children.front().line,
                                     "no connection: add 'connections { NAME { remote_addrs = … } }'");
  if (ck.psk && !ck.hasIkeSecret)
    throw OwnConfigError(ck.pskAt->line, "connections." + ck.conn->name + " authenticates with auth = psk, but secrets has "
                         "no ike section: add 'secrets { ike-" + ck.conn->name + " { id = <peer id> secret = … } }'",
                         ck.pskAt->col);
  for (const auto& k : ck.conn->children)
    if (k.section && (startsWith(k.name, "local") || startsWith(k.name, "remote"))) {
      for (const auto& o : k.children)
        if (o.name == "certs" && !dir.empty()) {
          const std::string f = first(o.value);
          const fs::path p = fs::path(f).is_absolute() ? fs::path(f) : dir / "x509" / f;
          if (!fs::exists(p) && !fs::exists(dir / f))
            throw OwnConfigError(o.line, "certificate '" + f + "' not found (looked in " + (dir / "x509").string() + " and " +
                                             dir.string() + "): put it there, or use pubkeys (labrun fills in its own keys)",
                                 o.valueCol);
        }
      for (const auto& o : k.children)
        if (o.name == "certs" || o.name == "pubkeys")
          out.notes.push_back("connections." + ck.conn->name + "." + k.name + "." + o.name +
                              ": replaced by this run's raw host key (your keys and certificates are not used)");
    }
  out.name = ck.conn->name;
  out.tree = toSection(root);
  replaceSecrets(out.tree);
  out.text = renderSwanctlText(out.tree, "swanctl.conf as the user wrote it; secrets replaced by labrun");
  return out;
}

}  // namespace lab::ike::strongswan

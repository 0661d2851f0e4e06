// What a user's swanctl.conf connection means for the lab, and the tree
// charon gets for it (secrets and keys replaced by this run's).
#include <algorithm>

#include "lab/ike/strongswan/own_swanctl.h"
#include "lab/ike/strongswan/own_swanctl_syntax.h"

namespace lab::ike::strongswan {
namespace {

bool startsWith(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

std::string first(const std::string& list) {
  auto v = list.substr(0, list.find(','));
  v.erase(0, v.find_first_not_of(" \t"));
  v.erase(v.find_last_not_of(" \t") + 1);
  return v;
}

const vici::Section& onlyConn(const vici::Section& tree) {
  static const vici::Section none;
  const auto* conns = tree.section("connections");
  if (!conns) return none;
  for (const auto& e : conns->entries())
    if (e.kind == vici::Entry::Kind::Section) return e.section;
  return none;
}

// A local/remote round's keys and certificates → the lab's raw key.
void useLabKey(vici::Section& round, const std::string& pubkey) {
  auto& es = round.entries();
  const bool keyed = std::any_of(es.begin(), es.end(), [](const vici::Entry& e) {
    return e.name == "certs" || e.name == "pubkeys" ||
           (e.name == "auth" && (e.value == "pubkey" || startsWith(e.value, "rsa") || startsWith(e.value, "ecdsa")));
  });
  if (!keyed) return;
  es.remove_if([](const vici::Entry& e) { return e.name == "certs" || e.name == "pubkeys" || e.name == "cacerts"; });
  round.set("pubkeys", pubkey);
}

}  // namespace

OwnConn ownSwanctlConn(const OwnSwanctl& own, ConnSpec c) {
  const vici::Section& conn = onlyConn(own.tree);
  OwnConn out;
  out.notes = own.notes;
  c.name = own.name;
  c.literal = own.text;
  const std::string local = first(conn.get("local_addrs"));
  c.left = local.empty() ? "%any" : local;
  c.right = first(conn.get("remote_addrs"));
  c.leftid = c.rightid = "";
  c.auth = Auth::Rsa;
  for (const auto& e : conn.entries()) {
    if (e.kind != vici::Entry::Kind::Section) continue;
    if (startsWith(e.name, "local") && c.leftid.empty()) c.leftid = e.section.get("id");
    if (startsWith(e.name, "remote") && c.rightid.empty()) c.rightid = e.section.get("id");
    if (startsWith(e.name, "local") && e.section.get("auth") == "psk") c.auth = Auth::Psk;
  }
  const std::string v = conn.get("version", "0");
  c.ikeVersion = v == "1" ? 1 : 2;
  if (v == "0")
    out.notes.push_back("no version (0): charon initiates IKEv2 and answers IKEv1 and IKEv2 (swanctl.conf's default)");
  c.initiator = false;
  c.mode = Mode::IpsecOverGre;
  if (const auto* children = conn.section("children"))
    for (const auto& ch : children->entries()) {
      if (ch.kind != vici::Entry::Kind::Section) continue;
      if (ch.section.get("start_action").find("start") != std::string::npos) c.initiator = true;
      if (ch.section.get("mode") == "transport") c.mode = Mode::GreOverIpsec;
    }
  out.conn = std::move(c);
  return out;
}

vici::Section ownSwanctlTree(const std::string& keptText, const std::string& psk, const std::string& selfPubkey,
                             const std::string& peerPubkey) {
  vici::Section tree = toSection(readSettings(keptText));
  vici::Section out;
  for (auto& top : tree.entries()) {
    if (top.kind != vici::Entry::Kind::Section) continue;
    if (top.name == "connections") {
      for (auto& conn : top.section.entries())
        for (auto& round : conn.section.entries()) {
          if (round.kind != vici::Entry::Kind::Section) continue;
          if (startsWith(round.name, "local")) useLabKey(round.section, selfPubkey);
          if (startsWith(round.name, "remote")) useLabKey(round.section, peerPubkey);
        }
      out.add("connections", top.section);
    } else if (top.name == "secrets") {
      vici::Section secrets;
      for (auto& s : top.section.entries()) {
        if (!startsWith(s.name, "ike")) continue;
        for (auto& e : s.section.entries())
          if (e.name == "secret") e.value = psk;
        secrets.add(s.name, s.section);
      }
      if (!secrets.empty()) out.add("secrets", secrets);
    }
  }
  return out;
}

}  // namespace lab::ike::strongswan

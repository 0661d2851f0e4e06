#include "lab/ike/strongswan/starter_conf.h"

#include <sstream>

#include "lab/ike/strongswan/own_ipsec_conf.h"

namespace lab::ike::strongswan {
namespace {

// A kept ipsec.secrets line: not indented, "IDS : TYPE ..." or ": TYPE ...".
bool secretsLine(const std::string& line) {
  if (line.empty() || line[0] == ' ' || line[0] == '\t' || line[0] == '#') return false;
  return line.rfind(": ", 0) == 0 || line.find(" : ") != std::string::npos;
}

}  // namespace

bool isIpsecConfLiteral(const std::string& literal) {
  return literal.rfind("conn ", 0) == 0 || literal.find("\nconn ") != std::string::npos;
}

std::string withLabKeys(const std::string& literal, const std::string& selfPubkey, const std::string& peerPubkey) {
  std::string out;
  std::istringstream in(literal);
  for (std::string line; std::getline(in, line);) {
    const auto key = line.find_first_not_of(" \t");
    const auto eq = line.find('=');
    if (key != 0 && key != std::string::npos && eq != std::string::npos && line[key] != '#') {
      std::string k = line.substr(key, eq - key);
      k.erase(k.find_last_not_of(" \t") + 1);
      for (const char* side : {"left", "right"})
        for (const char* what : {"cert", "sigkey", "rsasigkey"})
          if (k == std::string(side) + what)
            line = line.substr(0, key) + side + "sigkey=" + (side[0] == 'l' ? selfPubkey : peerPubkey);
    }
    out += line + "\n";
  }
  return out;
}

std::string starterIpsecConf(const std::vector<std::string>& literals) {
  std::string out = "# ipsec.conf for strongSwan's starter, written by labrun: the user's own conn as run\n"
                    "# (its ipsec.secrets lines are in ipsec.secrets, with this run's secret)\n";
  for (const auto& lit : literals) {
    std::istringstream in(lit);
    for (std::string line; std::getline(in, line);)
      if (!secretsLine(line)) out += line + "\n";
  }
  return out;
}

std::string starterIpsecSecrets(const std::vector<std::string>& literals, const std::vector<std::string>& psks) {
  std::string out;
  for (std::size_t i = 0; i < literals.size(); ++i)
    if (auto own = parseOwnIpsecConf(literals[i], true)) out += ownIpsecSecrets(*own, i < psks.size() ? psks[i] : "");
  return out;
}

std::vector<std::vector<std::string>> starterSecretOwners(const std::string& literal) {
  std::vector<std::vector<std::string>> out;
  auto own = parseOwnIpsecConf(literal, true);
  if (!own) return out;
  for (const auto& ids : own->secretIds) {
    std::istringstream in(ids);
    std::vector<std::string> owners;
    for (std::string id; in >> id;) owners.push_back(id);
    out.push_back(std::move(owners));
  }
  return out;
}

std::string ipsecConfFix(const std::string& outcome, const std::string& conn) {
  const std::string c = "conn " + conn;
  if (outcome == "auth-mismatch")
    return "the same secret on both ends: an ipsec.secrets line '<your id> <the peer's id> : PSK \"...\"' beside " + c +
           " (leftauth=psk, rightauth=psk), or the peer's key as rightsigkey=";
  if (outcome == "notify:NO_PROPOSAL_CHOSEN")
    return "ike= and esp= in " + c + " offering a proposal the peer accepts (without a trailing '!', strongSwan adds "
           "its defaults)";
  if (outcome == "notify:TS_UNACCEPTABLE")
    return "leftprotoport=/rightprotoport= (and leftsubnet=/rightsubnet=) in " + c + " as the peer's; behind a NAT in "
           "transport mode leftprotoport=gre stands for the address charon sees";
  if (outcome == "no-response")
    return "right= in " + c + " must be the peer's reachable address, with UDP 500 and 4500 let through to it";
  return "";
}

std::string renderStarterStrongswanConf(const StarterPaths& paths, const std::string& plugins,
                                        const std::string& version) {
  std::ostringstream o;
  o << "# strongswan.conf for one strongSwan starter and its charon, rendered by labrun\n";
  o << "starter {\n";
  o << "  load_warning = no\n";  // the explicit load list below is labrun's
  o << "}\n";
  o << "charon {\n";
  o << charonSettings(paths.ssw, plugins, "  syslog {\n    daemon {\n      default = -1\n    }\n  }\n",
                      "    stroke {\n      secrets_file = " + paths.ipsecSecrets().string() + "\n    }\n");
  o << "}\n";
  o << renderToolConf("swanctl", version);
  return o.str();
}

}  // namespace lab::ike::strongswan

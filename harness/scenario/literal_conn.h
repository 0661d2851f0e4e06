#pragma once
// Bring your own config: a user's literal libreswan `conn` block (as pasted
// from an ipsec.conf), read for what it means on the installed libreswan.
// The text itself goes to the daemon as written; key placeholders such as
// the article's `leftrsasigkey=0sAQ...` are filled with the lab's keys.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lab/ike/conn_spec.h"

namespace harness::scenario {

struct LiteralConn {
  std::string name;                          // "gre1" from "conn gre1"
  std::map<std::string, std::string> keys;   // the conn's key=value lines
  std::string conn;                          // the conn block alone (config setup dropped)
  std::vector<std::string> notes;            // how it negotiates here vs. what its author expected
};

// Parses one conn block (an optional `config setup` section is dropped with
// a note). nullopt and *error when there is no conn or a line is not key=value.
std::optional<LiteralConn> parseLiteralConn(const std::string& text, std::string* error);

// The connection as labrun understands it (for the peer's defaults and for
// explanations): left/right/ids, IKE version as libreswan 4 defaults it,
// authby, GRE protoport/transport, auto=start. A conn that states no IKE
// version takes `statedVersion` when the scenario states one (the version
// its author ran): labrun then writes it into the conn (ikev2=no for 1, and
// config setup accepts IKEv1).
lab::ike::ConnSpec connOfLiteral(const LiteralConn& lit, lab::ike::ConnSpec base, int statedVersion = 0);
bool statesIkeVersion(const LiteralConn& lit);

}  // namespace harness::scenario

#pragma once
// Bring your own config, libreswan's way: a user's `conn` block as pasted
// from an ipsec.conf (an optional `config setup` section is replaced by
// labrun's), read for what it means on a given libreswan version. The text
// goes to pluto as written; key placeholders such as the article's
// `leftrsasigkey=0sAQ...` are filled with the lab's keys when rendered.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lab/ike/libreswan/version_traits.h"
#include "lab/ike/own_config.h"

namespace lab::ike::libreswan {

struct ConnBlock {
  std::string name;                          // "gre1" from "conn gre1"
  std::map<std::string, std::string> keys;   // the conn's key=value lines
  std::string conn;                          // the conn block alone (config setup dropped)
  std::vector<std::string> notes;            // about the text itself (config setup replaced, ...)
};

// nullopt when the text is not ipsec.conf (no `conn NAME` / `config setup`
// line); throws OwnConfigError naming the line when it is but a line is
// not valid (one conn per text).
std::optional<ConnBlock> parseConnBlock(const std::string& text);

// What the block means on a libreswan with `traits` (left/right/ids, IKE
// version as that version defaults it, authby, GRE protoport/transport,
// auto=start), on top of labrun's defaults in `base`. A block that states
// no IKE version takes `statedVersion` when the scenario states one (the
// version its author ran): labrun then writes it into the conn (ikev2=no for
// 1, and config setup accepts IKEv1), and the notes say so.
OwnConn ownConn(const ConnBlock& block, ConnSpec base, int statedVersion, const VersionTraits& traits);
bool statesIkeVersion(const ConnBlock& block);

}  // namespace lab::ike::libreswan

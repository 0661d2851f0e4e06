#pragma once
// The strongswan.conf settings syntax swanctl.conf is written in, read into
// a tree of nodes that keep their line and column (1-based). Throws
// OwnConfigError (line, col) for text that is not in that syntax.
#include <string>
#include <vector>

#include "lab/ike/own_config.h"
#include "lab/ike/strongswan/vici_message.h"

namespace lab::ike::strongswan {

struct Node {
  std::string name;
  bool section = false;
  std::string value;            // a setting's value, quotes removed
  std::vector<Node> children;   // a section's entries, in file order
  int line = 0, col = 0;        // where `name` starts
  int valueCol = 0;
};

Node readSettings(const std::string& text);
// The tree as VICI's (swanctl.conf's) sections and values, strings as written.
vici::Section toSection(const Node& sec);

}  // namespace lab::ike::strongswan

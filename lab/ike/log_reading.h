#pragma once
// Reading a daemon's log without a lab (labrun explain): what a line says
// about identities. Whose log it is and which version wrote it are asked
// of each implementation (IkeImplementation::versionOfLog).
#include <string>

namespace lab::ike {

// What one log line says about the IDs of a negotiation, from the point of
// view of the daemon that wrote it: the ID its peer declared, and the one it
// expected instead ("" when the line does not say).
struct IdClaim {
  std::string declared;
  std::string expected;
};

}  // namespace lab::ike

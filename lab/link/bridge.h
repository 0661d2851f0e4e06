#pragma once
// Linux bridges (one per segment, in the switch namespace) and their ports.
#include <string>

namespace lab::link {

class NlSocket;

// Creates bridge `name` (down, STP off).
void createBridge(const NlSocket& sock, const std::string& name);
// Makes `port` a port of `bridge` (both in sock's namespace).
void enslave(const NlSocket& sock, const std::string& bridge, const std::string& port);

}  // namespace lab::link

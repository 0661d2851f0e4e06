#pragma once
// IPv4 addresses on links.
#include <string>

#include "lab/core/ip.h"

namespace lab::link {

class NlSocket;

// Adds address/len to `iface` (like `ip addr add 10.1.0.1/24 dev eth0`).
void addAddress(const NlSocket& sock, const std::string& iface, Prefix address);

}  // namespace lab::link

#pragma once
// GRE (ip_gre) tunnel devices. On a kernel without GRE, creation throws
// sys::EnvironmentError naming the UML backend.
#include <cstdint>
#include <optional>
#include <string>

#include "lab/core/ip.h"

namespace lab::link {

class NlSocket;

struct GreParams {
  std::string name;                   // e.g. "gre1"
  Ip4 local;                          // outer source
  Ip4 remote;                         // outer destination
  std::optional<std::uint32_t> key;   // sets ikey = okey and the GRE_KEY flags
  std::uint8_t ttl = 64;
};

// Creates the device (down). Like `ip link add gre1 type gre local L remote R
// ttl 64 [key K]`.
void createGre(const NlSocket& sock, const GreParams& p);

}  // namespace lab::link

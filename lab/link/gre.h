#pragma once
// GRE (ip_gre) tunnel devices, the `gre` link kind. On a kernel without GRE,
// creation throws sys::EnvironmentError naming the UML backend.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "lab/core/ip.h"
#include "lab/link/tunnel_kind.h"

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

// The `gre` kind: options `key` (0..4294967295).
std::unique_ptr<TunnelKind> makeGreKind();

}  // namespace lab::link

#pragma once
// IPv4 routes via a gateway, in the main table.
#include "lab/core/ip.h"

namespace lab::link {

class NlSocket;

// `ip route add <dst> via <gateway>`; the gateway must be on a connected
// subnet of an up link.
void addRoute(const NlSocket& sock, Prefix dst, Ip4 gateway);
inline void addDefaultRoute(const NlSocket& sock, Ip4 gateway) { addRoute(sock, Prefix{Ip4{}, 0}, gateway); }
inline void addHostRoute(const NlSocket& sock, Ip4 host, Ip4 gateway) { addRoute(sock, Prefix{host, 32}, gateway); }

}  // namespace lab::link

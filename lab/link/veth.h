#pragma once
// A veth pair created from inside one namespace with the peer placed straight
// into another (IFLA_NET_NS_FD on the peer): nothing ever appears in the root
// namespace.
#include <string>

namespace lab::netns {
class NetNs;
}

namespace lab::link {

class NlSocket;

// Creates `name` in sock's namespace and `peerName` in peerNs. Both down.
void createVeth(const NlSocket& sock, const std::string& name, const netns::NetNs& peerNs,
                const std::string& peerName);

}  // namespace lab::link

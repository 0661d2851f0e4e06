#include "lab/link/bridge.h"

#include <netlink/route/link/bridge.h>

#include "lab/link/nl_socket.h"

namespace lab::link {

void createBridge(const NlSocket& sock, const std::string& name) {
  nlCheck(rtnl_link_bridge_add(sock.get(), name.c_str()),
          "create bridge " + name + " in " + sock.where());
}

void enslave(const NlSocket& sock, const std::string& bridge, const std::string& port) {
  nlCheck(rtnl_link_enslave_ifindex(sock.get(), sock.ifindex(bridge), sock.ifindex(port)),
          "add " + port + " to bridge " + bridge + " in " + sock.where());
}

}  // namespace lab::link

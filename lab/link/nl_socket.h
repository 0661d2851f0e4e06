#pragma once
// A route-netlink socket opened inside one node's namespace and kept: every
// link, address and route call for that node goes through it. One line of
// RAII per libnl resource.
#include <memory>
#include <string>

#include <netlink/addr.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>
#include <netlink/socket.h>

#include "lab/core/ip.h"
#include "lab/sys/c_free.h"

namespace lab::netns {
class NetNs;
}

namespace lab::link {

using NlSock = std::unique_ptr<nl_sock, sys::CFree<nl_socket_free>>;
using NlAddr = std::unique_ptr<nl_addr, sys::CFree<nl_addr_put>>;
using RtnlLink = std::unique_ptr<rtnl_link, sys::CFree<rtnl_link_put>>;
using RtnlAddr = std::unique_ptr<rtnl_addr, sys::CFree<rtnl_addr_put>>;
using RtnlRoute = std::unique_ptr<rtnl_route, sys::CFree<rtnl_route_put>>;

class NlSocket {
 public:
  // Opens NETLINK_ROUTE on a thread inside ns; the socket stays in ns.
  static NlSocket openIn(const netns::NetNs& ns);

  nl_sock* get() const { return sock_.get(); }
  // Namespace name, for error messages.
  const std::string& where() const { return where_; }
  // ifindex of `name` in this namespace; throws sys::Error if absent.
  int ifindex(const std::string& name) const;
  bool hasLink(const std::string& name) const;

 private:
  NlSocket(NlSock sock, std::string where) : sock_(std::move(sock)), where_(std::move(where)) {}
  NlSock sock_;
  std::string where_;
};

// Throws sys::Error("<what>: <nl_geterror>") if err < 0.
void nlCheck(int err, const std::string& what);
// An nl_addr for an IPv4 prefix (or a bare address as /32).
NlAddr nlAddr(Prefix p);
NlAddr nlAddr(Ip4 a);

}  // namespace lab::link

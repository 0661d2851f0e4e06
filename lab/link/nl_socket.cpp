#include "lab/link/nl_socket.h"

#include <arpa/inet.h>

#include "lab/netns/netns.h"
#include "lab/sys/error.h"

namespace lab::link {

void nlCheck(int err, const std::string& what) {
  if (err < 0) throw sys::Error(what + ": " + nl_geterror(-err));
}

NlSocket NlSocket::openIn(const netns::NetNs& ns) {
  NlSock sock = netns::runIn(ns, [&] {
    NlSock s(nl_socket_alloc());
    if (!s) throw sys::Error("nl_socket_alloc failed");
    nlCheck(nl_connect(s.get(), NETLINK_ROUTE), "netlink connect in " + ns.name());
    return s;
  });
  return NlSocket(std::move(sock), ns.name());
}

int NlSocket::ifindex(const std::string& name) const {
  rtnl_link* raw = nullptr;
  nlCheck(rtnl_link_get_kernel(sock_.get(), 0, name.c_str(), &raw),
          "no link " + name + " in " + where_);
  RtnlLink link(raw);
  return rtnl_link_get_ifindex(link.get());
}

bool NlSocket::hasLink(const std::string& name) const {
  rtnl_link* raw = nullptr;
  if (rtnl_link_get_kernel(sock_.get(), 0, name.c_str(), &raw) < 0) return false;
  RtnlLink link(raw);
  return true;
}

NlAddr nlAddr(Prefix p) {
  std::uint32_t be = p.addr.networkOrder();
  NlAddr a(nl_addr_build(AF_INET, &be, sizeof be));
  if (!a) throw sys::Error("nl_addr_build failed");
  nl_addr_set_prefixlen(a.get(), p.len);
  return a;
}

NlAddr nlAddr(Ip4 a) { return nlAddr(Prefix{a, 32}); }

}  // namespace lab::link

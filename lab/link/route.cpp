#include "lab/link/route.h"

#include <netlink/route/nexthop.h>

#include <string>

#include "lab/link/nl_socket.h"
#include "lab/sys/error.h"

namespace lab::link {

void addRoute(const NlSocket& sock, Prefix dst, Ip4 gateway) {
  const std::string what = "add route " + (dst.len == 0 ? std::string("default") : dst.str()) +
                           " via " + gateway.str() + " in " + sock.where();
  RtnlRoute route(rtnl_route_alloc());
  if (!route) throw sys::Error(what + ": rtnl_route_alloc failed");
  nlCheck(rtnl_route_set_family(route.get(), AF_INET), what);
  rtnl_route_set_table(route.get(), RT_TABLE_MAIN);
  rtnl_route_set_protocol(route.get(), RTPROT_STATIC);
  nlCheck(rtnl_route_set_type(route.get(), RTN_UNICAST), what);
  rtnl_route_set_scope(route.get(), RT_SCOPE_UNIVERSE);
  NlAddr d = nlAddr(dst);
  nlCheck(rtnl_route_set_dst(route.get(), d.get()), what);
  rtnl_nexthop* nh = rtnl_route_nh_alloc();  // owned by the route once added
  if (!nh) throw sys::Error(what + ": rtnl_route_nh_alloc failed");
  NlAddr gw = nlAddr(gateway);
  rtnl_route_nh_set_gateway(nh, gw.get());
  rtnl_route_add_nexthop(route.get(), nh);
  nlCheck(rtnl_route_add(sock.get(), route.get(), NLM_F_CREATE | NLM_F_EXCL), what);
}

}  // namespace lab::link

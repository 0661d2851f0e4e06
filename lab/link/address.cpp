#include "lab/link/address.h"

#include "lab/link/nl_socket.h"

namespace lab::link {

void addAddress(const NlSocket& sock, const std::string& iface, Prefix address) {
  RtnlAddr addr(rtnl_addr_alloc());
  rtnl_addr_set_ifindex(addr.get(), sock.ifindex(iface));
  NlAddr local = nlAddr(address);
  const std::string what = "add address " + address.str() + " to " + iface + " in " + sock.where();
  nlCheck(rtnl_addr_set_local(addr.get(), local.get()), what);  // takes its own reference
  nlCheck(rtnl_addr_add(sock.get(), addr.get(), NLM_F_CREATE | NLM_F_EXCL), what);
}

}  // namespace lab::link

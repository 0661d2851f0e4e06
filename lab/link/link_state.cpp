#include "lab/link/link_state.h"

#include <net/if.h>

#include "lab/link/nl_socket.h"

namespace lab::link {

void setLinkUp(const NlSocket& sock, const std::string& name) {
  const std::string what = "set " + name + " up in " + sock.where();
  rtnl_link* raw = nullptr;
  nlCheck(rtnl_link_get_kernel(sock.get(), 0, name.c_str(), &raw), what);
  RtnlLink orig(raw);
  RtnlLink change(rtnl_link_alloc());
  rtnl_link_set_flags(change.get(), IFF_UP);
  nlCheck(rtnl_link_change(sock.get(), orig.get(), change.get(), 0), what);
}

void deleteLink(const NlSocket& sock, const std::string& name) noexcept {
  RtnlLink link(rtnl_link_alloc());
  if (!link) return;
  rtnl_link_set_name(link.get(), name.c_str());
  rtnl_link_delete(sock.get(), link.get());
}

}  // namespace lab::link

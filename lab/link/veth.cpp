#include "lab/link/veth.h"

#include <netlink/route/link/veth.h>

#include "lab/link/nl_socket.h"
#include "lab/netns/netns.h"
#include "lab/sys/error.h"

namespace lab::link {
namespace {
// A fresh veth link references its peer and vice versa: released together.
using VethLink = std::unique_ptr<rtnl_link, sys::CFree<rtnl_link_veth_release>>;
}  // namespace

void createVeth(const NlSocket& sock, const std::string& name, const netns::NetNs& peerNs,
                const std::string& peerName) {
  VethLink veth(rtnl_link_veth_alloc());
  if (!veth) throw sys::Error("rtnl_link_veth_alloc failed");
  RtnlLink peer(rtnl_link_veth_get_peer(veth.get()));  // takes a reference
  rtnl_link_set_name(veth.get(), name.c_str());
  rtnl_link_set_name(peer.get(), peerName.c_str());
  rtnl_link_set_ns_fd(peer.get(), peerNs.fd());
  nlCheck(rtnl_link_add(sock.get(), veth.get(), NLM_F_CREATE | NLM_F_EXCL),
          "create veth " + name + " in " + sock.where() + " <-> " + peerName + " in " + peerNs.name());
}

}  // namespace lab::link

#include "lab/kernel/host/esp_probe.h"

#include <arpa/inet.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <cstring>
#include <memory>
#include <vector>

#include "lab/netns/netns.h"
#include "lab/sys/c_free.h"

namespace lab::kernel::host {
namespace {

using NlSock = std::unique_ptr<nl_sock, sys::CFree<nl_socket_free>>;
using NlMsg = std::unique_ptr<nl_msg, sys::CFree<nlmsg_free>>;

// An xfrm_algo with its key: the attribute payload.
std::vector<char> algo(const char* name, const std::vector<unsigned char>& key) {
  std::vector<char> buf(sizeof(xfrm_algo) + key.size());
  auto* a = reinterpret_cast<xfrm_algo*>(buf.data());
  std::strncpy(a->alg_name, name, sizeof a->alg_name - 1);
  a->alg_key_len = static_cast<unsigned>(key.size() * 8);
  std::memcpy(a->alg_key, key.data(), key.size());
  return buf;
}

}  // namespace

std::string probeEsp(const netns::NetNs& ns) {
  return netns::runIn(ns, []() -> std::string {
    NlSock sock(nl_socket_alloc());
    if (!sock) return "nl_socket_alloc failed";
    if (int err = nl_connect(sock.get(), NETLINK_XFRM); err < 0)
      return std::string("netlink XFRM: ") + nl_geterror(-err) + " (no xfrm_user)";
    NlMsg msg(nlmsg_alloc_simple(XFRM_MSG_NEWSA, NLM_F_CREATE | NLM_F_EXCL));
    if (!msg) return "nlmsg_alloc failed";
    xfrm_usersa_info sa{};
    sa.family = AF_INET;
    inet_pton(AF_INET, "192.0.2.1", &sa.saddr.a4);  // TEST-NET: never routed anywhere
    inet_pton(AF_INET, "192.0.2.2", &sa.id.daddr.a4);
    sa.id.spi = htonl(0x100);
    sa.id.proto = IPPROTO_ESP;
    sa.mode = XFRM_MODE_TRANSPORT;
    sa.lft.soft_byte_limit = sa.lft.hard_byte_limit = XFRM_INF;
    sa.lft.soft_packet_limit = sa.lft.hard_packet_limit = XFRM_INF;
    const std::vector<unsigned char> key(16, 0x11), authKey(32, 0x22);
    const auto crypt = algo("cbc(aes)", key), auth = algo("hmac(sha256)", authKey);
    if (nlmsg_append(msg.get(), &sa, sizeof sa, NLMSG_ALIGNTO) < 0 ||
        nla_put(msg.get(), XFRMA_ALG_CRYPT, static_cast<int>(crypt.size()), crypt.data()) < 0 ||
        nla_put(msg.get(), XFRMA_ALG_AUTH, static_cast<int>(auth.size()), auth.data()) < 0)
      return "building XFRM_MSG_NEWSA failed";
    if (int err = nl_send_auto(sock.get(), msg.get()); err < 0) return std::string("netlink send: ") + nl_geterror(-err);
    if (int err = nl_wait_for_ack(sock.get()); err < 0) return nl_geterror(-err);
    return "";
  });
}

}  // namespace lab::kernel::host

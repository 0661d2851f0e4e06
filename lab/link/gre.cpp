#include "lab/link/gre.h"

#include <arpa/inet.h>
#include <linux/if_tunnel.h>
#include <netlink/errno.h>
#include <netlink/route/link/ipgre.h>

#include "lab/link/nl_socket.h"
#include "lab/sys/error.h"

namespace lab::link {

void createGre(const NlSocket& sock, const GreParams& p) {
  const std::string what = "create GRE " + p.name + " (" + p.local.str() + " -> " +
                           p.remote.str() + ") in " + sock.where();
  RtnlLink gre(rtnl_link_ipgre_alloc());
  if (!gre) throw sys::Error(what + ": rtnl_link_ipgre_alloc failed");
  rtnl_link_set_name(gre.get(), p.name.c_str());
  nlCheck(rtnl_link_ipgre_set_local(gre.get(), p.local.networkOrder()), what);
  nlCheck(rtnl_link_ipgre_set_remote(gre.get(), p.remote.networkOrder()), what);
  nlCheck(rtnl_link_ipgre_set_ttl(gre.get(), p.ttl), what);
  if (p.key) {
    // The kernel takes key and flags in network byte order; GRE_KEY already is.
    nlCheck(rtnl_link_ipgre_set_iflags(gre.get(), GRE_KEY), what);
    nlCheck(rtnl_link_ipgre_set_oflags(gre.get(), GRE_KEY), what);
    nlCheck(rtnl_link_ipgre_set_ikey(gre.get(), htonl(*p.key)), what);
    nlCheck(rtnl_link_ipgre_set_okey(gre.get(), htonl(*p.key)), what);
  }
  int err = rtnl_link_add(sock.get(), gre.get(), NLM_F_CREATE | NLM_F_EXCL);
  // No ip_gre (and no module to load): the kernel answers EOPNOTSUPP
  // ("Unknown device type"), which libnl reports as NLE_OPNOTSUPP.
  if (err == -NLE_OPNOTSUPP)
    throw sys::EnvironmentError(
        "this kernel has no GRE (ip_gre): use --kernel uml (" + what + ": " + nl_geterror(-err) + ")",
        "--kernel uml");
  nlCheck(err, what);
}

namespace {

class Gre final : public TunnelKind {
 public:
  std::string_view name() const override { return "gre"; }
  std::string feature() const override { return "GRE (ip_gre)"; }
  std::vector<std::string> modules() const override { return {"ip_gre"}; }
  std::string ipProtocol() const override { return "gre"; }
  std::vector<TunnelOption> options() const override {
    return {{"key", TunnelOption::Type::U32, "GRE key, 0..4294967295"}};
  }
  void create(const NlSocket& sock, const TunnelParams& p) const override {
    GreParams g{p.name, p.local, p.remote, std::nullopt};
    if (auto it = p.options.find("key"); it != p.options.end()) g.key = static_cast<std::uint32_t>(std::stoul(it->second));
    createGre(sock, g);
  }
};

}  // namespace

std::unique_ptr<TunnelKind> makeGreKind() { return std::make_unique<Gre>(); }

}  // namespace lab::link

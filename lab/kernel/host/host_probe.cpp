#include "lab/kernel/host/host_probe.h"

#include <unistd.h>

#include "lab/netns/netns.h"
#include "lab/sys/error.h"
#include "lab/sys/process.h"

namespace lab::kernel::host {
namespace {

std::string firstLine(const std::string& s) {
  auto nl = s.find('\n');
  return s.substr(0, nl);
}

// Scratch namespace: only lo, TEST-NET addresses, no traffic.
class Scratch {
 public:
  Scratch() : name_("lr-probe-" + std::to_string(::getpid())) {
    netns::NetNs::remove(name_);
    ns_.emplace(netns::NetNs::create(name_));
  }
  ~Scratch() { netns::NetNs::remove(name_); }
  sys::RunResult run(const std::vector<std::string>& argv, const std::string& package) {
    sys::RunOptions o;
    o.ns = &*ns_;
    o.timeout = std::chrono::seconds(10);
    o.package = package;
    return sys::run(argv, o);
  }

 private:
  std::string name_;
  std::optional<netns::NetNs> ns_;
};

}  // namespace

ProbeResult probe(const FeatureNeeds& needs) {
  ProbeResult r;
  if (::geteuid() != 0) {
    r.missing.push_back({"privileges", "the host backend needs root (CAP_NET_ADMIN) to make namespaces"});
    return r;
  }
  std::optional<Scratch> s;
  try {
    s.emplace();
  } catch (const sys::Error& e) {
    r.missing.push_back({"network namespaces", e.what()});
    return r;
  }
  if (needs.gre) {
    auto g = s->run({"ip", "link", "add", "lrprobe0", "type", "gre", "local", "192.0.2.1", "remote",
                     "192.0.2.2"},
                    "iproute2");
    if (!g.ok())
      r.missing.push_back({"GRE (ip_gre)", "ip link add type gre: " + firstLine(g.out)});
  }
  if (needs.esp) {
    const std::string key = "0x00112233445566778899aabbccddeeff";
    auto x = s->run({"ip", "xfrm", "state", "add", "src", "192.0.2.1", "dst", "192.0.2.2", "proto",
                     "esp", "spi", "0x100", "enc", "cbc(aes)", key, "auth", "hmac(sha256)",
                     key + "00112233445566778899aabbccddeeff"},
                    "iproute2");
    if (!x.ok())
      r.missing.push_back({"ESP (esp4, xfrm_user)", "ip xfrm state add proto esp: " + firstLine(x.out)});
  }
  if (needs.nat) {
    std::string seen;
    for (const char* backend : {"iptables-nft", "iptables-legacy"}) {
      try {
        auto n = s->run({backend, "-t", "nat", "-A", "POSTROUTING", "-o", "lo", "-j", "SNAT",
                         "--to-source", "192.0.2.9"},
                        "iptables");
        if (n.ok()) {
          r.natBackend = backend;
          break;
        }
        seen += std::string(seen.empty() ? "" : "; ") + backend + ": " + firstLine(n.out);
      } catch (const sys::EnvironmentError& e) {
        seen += std::string(seen.empty() ? "" : "; ") + e.what();
      }
    }
    if (r.natBackend.empty()) r.missing.push_back({"iptables NAT", seen});
  }
  return r;
}

}  // namespace lab::kernel::host

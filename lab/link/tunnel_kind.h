#pragma once
// Tunnel devices as link kinds: a scenario's `tunnels:` entries are
// dispatched by `type:` through this registry, one file per kind (gre.cpp
// today; ipip, vti, xfrm interfaces next: a file plus a line in
// tunnel_kinds.cpp). An unknown type's error lists the known ones.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lab/core/ip.h"

namespace lab::link {

class NlSocket;

// One option a kind takes beyond the common `between`, `inner`, `local`,
// `remote` (e.g. GRE's `key`).
struct TunnelOption {
  enum class Type { U32, Text };
  std::string name;
  Type type = Type::Text;
  std::string help;  // one line for errors ("GRE key, 0..4294967295")
};

// One end of a tunnel device as the kernel gets it.
struct TunnelParams {
  std::string name;                            // device name, e.g. "gre1"
  Ip4 local;                                   // outer source
  Ip4 remote;                                  // outer destination
  std::map<std::string, std::string> options;  // validated against the kind's options()
};

class TunnelKind {
 public:
  virtual ~TunnelKind() = default;
  virtual std::string_view name() const = 0;     // the scenario's `type:` ("gre")
  // The kernel feature it needs, as doctor and probes name it ("GRE (ip_gre)"),
  // and the kernel modules that provide it ("ip_gre").
  virtual std::string feature() const = 0;
  virtual std::vector<std::string> modules() const = 0;
  // The IP protocol its outer packets carry ("gre"): IPsec's transport-mode
  // selector when the tunnel is protected (leftprotoport=gre, [gre]).
  virtual std::string ipProtocol() const = 0;
  virtual std::vector<TunnelOption> options() const { return {}; }
  // Creates the device (down) on one end. Throws sys::EnvironmentError when
  // the kernel lacks the feature, sys::Error otherwise.
  virtual void create(const NlSocket& sock, const TunnelParams& p) const = 0;
};

// Every kind, built-in ones first.
std::vector<const TunnelKind*> tunnelKinds();
std::vector<std::string> tunnelKindNames();
const TunnelKind* findTunnelKind(std::string_view name);
// Throws sys::Error listing the known kinds.
const TunnelKind& tunnelKind(std::string_view name);
// Adds a kind (a test's own); throws sys::Error if the name is taken.
void registerTunnelKind(std::unique_ptr<TunnelKind> kind);
void unregisterTunnelKind(std::string_view name);

}  // namespace lab::link

// The tunnel link kinds: one line per built-in kind.
#include "lab/link/gre.h"
#include "lab/link/tunnel_kind.h"
#include "lab/sys/registry.h"

namespace lab::link {
namespace {

sys::Registry<TunnelKind>& registry() {
  static auto* r = [] {
    std::vector<std::unique_ptr<TunnelKind>> builtins;
    builtins.push_back(makeGreKind());
    return new sys::Registry<TunnelKind>("tunnel type", std::move(builtins));
  }();
  return *r;
}

}  // namespace

std::vector<const TunnelKind*> tunnelKinds() { return registry().all(); }
std::vector<std::string> tunnelKindNames() { return registry().names(); }
const TunnelKind* findTunnelKind(std::string_view name) { return registry().find(name); }
const TunnelKind& tunnelKind(std::string_view name) { return registry().get(name); }
void registerTunnelKind(std::unique_ptr<TunnelKind> kind) { registry().add(std::move(kind)); }
void unregisterTunnelKind(std::string_view name) { registry().remove(name); }

}  // namespace lab::link

// The IKE implementations: one line per built-in one.
#include "lab/ike/registry.h"

#include "lab/ike/libreswan/libreswan.h"
#include "lab/ike/strongswan/strongswan.h"
#include "lab/sys/registry.h"

namespace lab::ike {
namespace {

sys::Registry<IkeImplementation>& registry() {
  static auto* r = [] {
    std::vector<std::unique_ptr<IkeImplementation>> builtins;
    builtins.push_back(libreswan::makeImplementation());
    builtins.push_back(strongswan::makeImplementation());
    // Never destroyed: daemons may outlive static destruction order.
    return new sys::Registry<IkeImplementation>("IKE implementation", std::move(builtins));
  }();
  return *r;
}

}  // namespace

std::vector<const IkeImplementation*> implementations() { return registry().all(); }
std::vector<std::string> implementationNames() { return registry().names(); }
const IkeImplementation* findImplementation(const std::string& name) { return registry().find(name); }
const IkeImplementation& implementation(const std::string& name) { return registry().get(name); }
const IkeImplementation& defaultImplementation() { return *implementations().front(); }
void registerImplementation(std::unique_ptr<IkeImplementation> impl) { registry().add(std::move(impl)); }
void unregisterImplementation(const std::string& name) { registry().remove(name); }

}  // namespace lab::ike

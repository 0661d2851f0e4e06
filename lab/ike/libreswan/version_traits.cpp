#include "lab/ike/libreswan/version_traits.h"

namespace lab::ike::libreswan {

VersionTraits traitsOf(const std::string& version) {
  VersionTraits t;
  t.version = Version(version);
  if (!t.version.known()) return t;
  t.dropsIkev1ByDefault = VersionRange{"4.5", ""}.contains(t.version);
  t.knowsIkev1Policy = VersionRange{"4.5", ""}.contains(t.version);
  t.ikev2ByDefault = VersionRange{"4.0", ""}.contains(t.version);
  t.keyexchangeNamesVersion = VersionRange{"5.0", ""}.contains(t.version);
  t.narrowsSelectorAddresses = VersionRange{"4.7", ""}.contains(t.version);
  return t;
}

}  // namespace lab::ike::libreswan

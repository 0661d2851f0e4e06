#include "lab/release/shipped.h"

namespace lab::release {
namespace {

struct Shipped {
  const char* release;
  const char* impl;
  const char* version;
};

// Read off the manifests of roots built here with mmdebstrap (main, the
// release's own suite) in December 2026; bullseye's strongSwan and sid's are
// the archive's figures as the releases issue measured them.
constexpr Shipped kShipped[] = {
    {"bullseye", "libreswan", "4.3"},  {"bookworm", "libreswan", "4.10"}, {"trixie", "libreswan", "5.2"},
    {"sid", "libreswan", "5.2"},       {"bullseye", "strongswan", "5.9.1"}, {"bookworm", "strongswan", "5.9.8"},
    {"trixie", "strongswan", "6.0.1"}, {"sid", "strongswan", "6.1.0"},
};

}  // namespace

std::vector<std::string> releasesShipping(const std::string& impl, const std::string& version) {
  std::vector<std::string> out;
  for (const auto& s : kShipped)
    if (impl == s.impl && version == s.version) out.push_back(s.release);
  return out;
}

}  // namespace lab::release

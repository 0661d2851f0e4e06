#include "harness/matrix/known_unsupported.h"

namespace harness::matrix {

// Filled by the lead after reading a full matrix run's failures. Example:
//   {"*", "A=libreswan,B=strongswan", 1, "*", "libreswan 4.10 IKEv1 Quick Mode ... (why)"},
const std::vector<UnsupportedCombination> kKnownUnsupported = {};

std::optional<UnsupportedCombination> knownUnsupported(const MatrixCase& c,
                                                       const std::vector<UnsupportedCombination>& table) {
  if (!c.hasIke()) return std::nullopt;
  for (const auto& u : table) {
    if (u.scenario != "*" && u.scenario != c.scenario) continue;
    if (u.pairing != "*" && u.pairing != c.pairing) continue;
    if (u.ikeVersion != 0 && u.ikeVersion != c.ikeVersion) continue;
    if (u.auth != "*" && u.auth != c.auth) continue;
    return u;
  }
  return std::nullopt;
}

}  // namespace harness::matrix

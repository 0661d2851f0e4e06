#include "harness/matrix/known_unsupported.h"

#include "lab/ike/registry.h"

namespace harness::matrix {

// Each entry was read off real runs under UML (libreswan 4.10, strongSwan
// 5.9.8: the machine's own); the reasons name the log lines' meaning. Keyed
// by the libreswan versions seen failing, open upwards: a newer libreswan
// that fixes one shows the entry as stale.
namespace {
const char* const kTsNat =
    "IKEv2 transport mode through a 1:1 NAT: strongSwan as responder substitutes the NAT'd address into TSi; "
    "libreswan 4.10 as initiator requires TSi to be its own address (TS_UNACCEPTABLE)";
const char* const kTsBothNat =
    "IKEv2 transport mode with both ends NAT'd: the selectors carry each side's private address and libreswan "
    "(4.3, 4.10) substitutes only the peer's (TS_UNACCEPTABLE); IKEv1 works";
const char* const kByoV2 =
    "the article's conns as written, IKEv2: libreswan 4.10's responder rejects the NAT'd peer's transport "
    "selector (labrun's own conns add rightsubnet/narrowing for this; the article's do not)";
const char* const kNoNarrowing =
    "IKEv2 transport mode through a 1:1 NAT with a libreswan end before 4.7: NAT'd C's selector carries its private "
    "address and that end cannot narrow to it or have its own narrowed (address narrowing arrived in 4.7): "
    "TS_UNACCEPTABLE";
const std::vector<VersionKey> kLsw410On = {{"libreswan", {"4.10", ""}}};
// Read off nat-c --ikev 2 with --release bullseye and with one end on
// bullseye, the other on trixie (either way round): one 4.3 end is enough.
const std::vector<VersionKey> kLswBefore47 = {{"libreswan", {"", "4.6"}, true}};
// nat-both, libreswan on both ends, IKEv2: bullseye's 4.3 fails the same way
// (TS_UNACCEPTABLE at C once both ids are set; seen with --release bullseye).
const std::vector<VersionKey> kLsw43On = {{"libreswan", {"4.3", ""}}};
}  // namespace

const std::vector<UnsupportedCombination> kKnownUnsupported = {
    {"nat-c", "A=strongswan,C=libreswan", 2, "*", kTsNat, kLsw410On},
    {"nat-c", "libreswan", 2, "*", kNoNarrowing, kLswBefore47},
    // article's a-c is nat-c's conn; a-b beside it comes up either way.
    {"article", "A=strongswan,B=libreswan,C=libreswan", 2, "*", kTsNat, kLsw410On},
    {"article", "A=strongswan,B=strongswan,C=libreswan", 2, "*", kTsNat, kLsw410On},
    {"nat-both", "libreswan", 2, "*", kTsBothNat, kLsw43On},
    {"nat-both", "A=libreswan,C=strongswan", 2, "*", kTsBothNat, kLsw410On},
    {"nat-both", "A=strongswan,C=libreswan", 2, "*", kTsBothNat, kLsw410On},
    {"nat-c-article", "libreswan", 2, "*", kByoV2, kLsw410On},
};

std::string UnsupportedCombination::versionsText() const {
  std::string out;
  for (const auto& k : versions)
    out += (out.empty() ? "" : ", ") + std::string(k.anyEnd ? "an end on " : "") + k.implementation + " " + k.range.str();
  return out;
}

namespace {

// Every daemon of the key's implementation runs a version in its range.
bool versionsMatch(const std::vector<VersionKey>& keys, const std::vector<DaemonInfo>& daemons) {
  if (daemons.empty()) return true;
  for (const auto& k : keys) {
    const std::string display(lab::ike::implementation(k.implementation).displayName());
    int ends = 0, inRange = 0;
    for (const auto& d : daemons) {
      if (d.implementation != display) continue;
      ++ends;
      if (k.range.contains(lab::ike::Version(d.version))) ++inRange;
    }
    if (ends == 0 || (k.anyEnd ? inRange == 0 : inRange < ends)) return false;
  }
  return true;
}

}  // namespace

std::optional<UnsupportedCombination> knownUnsupported(const MatrixCase& c, const std::vector<DaemonInfo>& daemons,
                                                       const std::vector<UnsupportedCombination>& table) {
  if (!c.hasIke()) return std::nullopt;
  for (const auto& u : table) {
    if (u.scenario != "*" && u.scenario != c.scenario) continue;
    if (u.pairing != "*" && u.pairing != c.pairing) continue;
    if (u.ikeVersion != 0 && u.ikeVersion != c.ikeVersion) continue;
    if (u.auth != "*" && u.auth != c.auth) continue;
    if (!versionsMatch(u.versions, daemons)) continue;
    return u;
  }
  return std::nullopt;
}

}  // namespace harness::matrix

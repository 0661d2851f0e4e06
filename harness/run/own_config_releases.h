#pragma once
// A user's own config that runs only from a release root (strongSwan's
// legacy ipsec.conf: starter, charon and stroke from Debian's packages,
// which conflict with this machine's libreswan): a host given one and no
// release runs the root of this machine's release.
#include <map>
#include <string>
#include <vector>

#include "harness/scenario/scenario_spec.h"

namespace harness::run {

struct OwnConfigReleases {
  std::map<std::string, std::string> assigned;  // host → release given to it
  std::vector<std::string> notes;               // one console line per host
};

// Sets topology release `machine` on each IPsec host whose own config (of
// any stage) needs a root and that has no release yet.
OwnConfigReleases defaultOwnConfigReleases(ScenarioSpec& spec, const std::string& machine);

// `release` (--release's value) with `assigned` added as HOST=RELEASE.
std::string withAssignedReleases(const std::string& release, const std::map<std::string, std::string>& assigned);

}  // namespace harness::run

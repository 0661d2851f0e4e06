#pragma once
// Internal to harness/scenario: a stage's `release:` — IPsec hosts that move
// to another Debian release from that stage on (an upgrade):
//   release: { C: bookworm }
// The host's daemon is stopped and started again from the new release's
// root; its connections renegotiate.
#include <map>
#include <string>

#include "harness/scenario/stages_reader.h"
#include "harness/scenario/yaml_reader.h"

namespace harness::scenario {

std::map<std::string, std::string> readStageReleases(YamlReader& r, const Field& f, const StageContext& ctx);

}  // namespace harness::scenario

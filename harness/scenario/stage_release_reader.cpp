#include "harness/scenario/stage_release_reader.h"

#include <algorithm>

#include "harness/scenario/names.h"
#include "harness/scenario/suggest.h"

namespace harness::scenario {

std::map<std::string, std::string> readStageReleases(YamlReader& r, const Field& f, const StageContext& ctx) {
  std::map<std::string, std::string> out;
  if (!ctx.ipsec) {
    if (!ctx.ipsecDeclared)
      r.error(f.key, f.path, "release: moves an IPsec host's daemon to another release, and there is no ipsec: section");
    return out;
  }
  auto entries = r.namedEntries(f.value, f.path, "a map host -> Debian release (release: { C: bookworm })");
  if (!entries) return out;
  const auto hosts = ctx.ipsec->hosts();
  for (const auto& e : entries->all()) {
    if (std::find(hosts.begin(), hosts.end(), e.name) == hosts.end()) {
      r.error(e.key, e.path, "'" + e.name + "' is not an IPsec end (ends: " + joinNames(hosts) + ")",
              suggestHint(e.name, hosts));
      continue;
    }
    auto name = r.text(e.value, e.path, "a Debian release name (bullseye, bookworm, trixie)");
    if (!name) continue;
    if (auto p = releaseNameProblem(*name); !p.empty()) r.error(e.value, e.path, p);
    else out[e.name] = *name;
  }
  return out;
}

}  // namespace harness::scenario

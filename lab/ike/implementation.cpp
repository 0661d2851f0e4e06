#include "lab/ike/implementation.h"

#include <algorithm>

#include "lab/ike/registry.h"

namespace lab::ike {

std::optional<OwnConfig> IkeImplementation::recogniseOwnConfig(const std::string&) const { return std::nullopt; }

OwnConn IkeImplementation::readOwnConfig(const OwnConfig& own, ConnSpec, int, const std::string&) const {
  throw OwnConfigError(0, std::string(displayName()) + " does not run a user's own config (" + own.format + ")");
}

std::vector<OutcomeEvent> matchOutcomes(const IkeImplementation& impl, const std::string& host,
                                        const std::string& version, const std::vector<std::string>& lines) {
  std::vector<OutcomeEvent> out;
  for (const auto& line : lines)
    if (const OutcomeRule* r = firstMatch(impl.outcomeTable(), version, line))
      out.push_back({host, std::string(impl.name()), version, impl.connOfLogLine(line), r->outcome, line, r->terminal,
                     r->meaning});
  return out;
}

OwnConfig recogniseOwnConfig(const std::string& text) {
  std::vector<std::string> formats;
  for (const auto* impl : implementations()) {
    if (auto own = impl->recogniseOwnConfig(text)) return *own;
    for (const auto& f : impl->ownConfigFormats())
      if (std::find(formats.begin(), formats.end(), f) == formats.end()) formats.push_back(f);
  }
  std::string known;
  for (const auto& f : formats) known += (known.empty() ? "" : ", ") + f;
  throw OwnConfigError(1, "not a connection in a format labrun runs (known: " + (known.empty() ? "none" : known) + ")");
}

}  // namespace lab::ike

#include "lab/ike/implementation.h"

#include <algorithm>

#include "lab/ike/registry.h"

namespace lab::ike {

std::optional<OwnConfig> IkeImplementation::recogniseOwnConfig(const std::string&, const std::string&) const {
  return std::nullopt;
}

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

std::vector<std::string> ownConfigFormats() {
  std::vector<std::string> formats;
  for (const auto* impl : implementations())
    for (const auto& f : impl->ownConfigFormats())
      if (std::find(formats.begin(), formats.end(), f) == formats.end()) formats.push_back(f);
  return formats;
}

namespace {

// Where the text's first statement is (for an error about the whole text).
std::pair<int, int> firstStatement(const std::string& text) {
  int line = 1, col = 1;
  bool comment = false;
  for (char c : text) {
    if (c == '\n') {
      ++line, col = 1, comment = false;
      continue;
    }
    if (!comment && c == '#') comment = true;
    if (!comment && c != ' ' && c != '\t' && c != '\r') return {line, col};
    ++col;
  }
  return {1, 1};
}

}  // namespace

OwnConfig recogniseOwnConfig(const std::string& text, const std::string& format, const std::filesystem::path& dir) {
  const auto formats = ownConfigFormats();
  std::string known;
  for (const auto& f : formats) known += (known.empty() ? "" : ", ") + f;
  if (!format.empty() && std::find(formats.begin(), formats.end(), format) == formats.end())
    throw OwnConfigError(0, "--format " + format + ": labrun reads " + (known.empty() ? "none" : known));
  // Every implementation that reads it (or says why not). Two can read the
  // same syntax (ipsec.conf: libreswan's and strongSwan's); a format named
  // as a variant of another ("ipsec.conf-strongswan" of "ipsec.conf") is
  // recognised only on signs of its own, so it wins, and so does its error.
  struct Reading {
    const IkeImplementation* impl;
    std::optional<OwnConfig> own;
    std::exception_ptr error;
  };
  std::vector<Reading> readings;
  for (const auto* impl : implementations()) {
    const auto f = impl->ownConfigFormats();
    if (!format.empty() && std::find(f.begin(), f.end(), format) == f.end()) continue;
    Reading r{impl, std::nullopt, nullptr};
    try {
      r.own = impl->recogniseOwnConfig(text, format);
      if (r.own && !format.empty() && r.own->format != format) r.own.reset();
    } catch (const OwnConfigError&) {
      r.error = std::current_exception();
    }
    if (r.own || r.error) readings.push_back(std::move(r));
  }
  auto variant = [](const std::string& specific, const std::string& general) {
    return specific.size() > general.size() && specific.rfind(general + "-", 0) == 0;
  };
  // Whether `r` read (or refused) the text as a variant of what another
  // read (or would read).
  auto readsVariant = [&](const Reading& r) {
    for (const auto& other : readings) {
      if (&other == &r) continue;
      const auto general = other.own ? std::vector<std::string>{other.own->format} : other.impl->ownConfigFormats();
      const auto specific = r.own ? std::vector<std::string>{r.own->format} : r.impl->ownConfigFormats();
      for (const auto& f : specific)
        for (const auto& g : general)
          if (variant(f, g)) return true;
    }
    return false;
  };
  const Reading* pick = nullptr;
  for (const auto& r : readings)
    if (!pick && readsVariant(r)) pick = &r;
  for (const auto& r : readings)
    if (!pick && r.own) pick = &r;
  if (!pick && !readings.empty()) pick = &readings.front();
  if (pick && pick->error) std::rethrow_exception(pick->error);
  if (pick) {
    if (!dir.empty()) pick->impl->checkOwnConfigFiles(*pick->own, dir);
    return *pick->own;
  }
  const auto [line, col] = firstStatement(text);
  if (!format.empty())
    throw OwnConfigError(line, "not " + format + " as given by --format " + format +
                                   "; drop --format to let labrun tell the format (" + known + ")", col);
  throw OwnConfigError(line,
                       "neither format labrun runs (" + (known.empty() ? std::string("none") : known) +
                           "): a libreswan conn starts with 'conn NAME' at the start of a line, a swanctl.conf with "
                           "'connections {'",
                       col);
}

}  // namespace lab::ike

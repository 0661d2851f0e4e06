#pragma once
// Reading a daemon's log without a lab (labrun explain): what a line says
// about identities. Whose log it is and which version wrote it are asked
// of each implementation (IkeImplementation::versionOfLog).
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace lab::ike {

// What one log line says about the IDs of a negotiation, from the point of
// view of the daemon that wrote it: the ID its peer declared, and the one it
// expected instead ("" when the line does not say).
struct IdClaim {
  std::string declared;
  std::string expected;
};

// How long ago a line was logged, from the time of day ("HH:MM:SS.fff",
// local time) at byte `at` of the line; nullopt when it has none there with
// a fraction of a second, or it is more than an hour old.
std::optional<double> timeOfDayAge(const std::string& line, std::size_t at);

// The version a log names, for an implementation's versionOfLog(): the
// first `banner` match's group 1; "" when no line has the banner but one
// matches `own` (the implementation's own line shape); nullopt when neither.
std::optional<std::string> versionByBanner(const std::vector<std::string>& lines, const std::regex& banner,
                                           const std::regex& own);

}  // namespace lab::ike

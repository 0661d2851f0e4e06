#include "lab/ike/log_reading.h"

namespace lab::ike {

std::optional<std::string> versionByBanner(const std::vector<std::string>& lines, const std::regex& banner,
                                           const std::regex& own) {
  bool recognised = false;
  for (const auto& line : lines) {
    std::smatch m;
    if (std::regex_search(line, m, banner)) return m[1].str();
    recognised = recognised || std::regex_search(line, own);
  }
  return recognised ? std::optional<std::string>("") : std::nullopt;
}

}  // namespace lab::ike

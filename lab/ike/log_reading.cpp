#include "lab/ike/log_reading.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

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

namespace lab::ike {

std::optional<double> timeOfDayAge(const std::string& line, std::size_t at) {
  int hh, mm;
  double ss;
  if (line.size() < at + 10 || std::sscanf(line.c_str() + at, "%2d:%2d:%lf", &hh, &mm, &ss) != 3 ||
      line[at + 8] != '.')
    return std::nullopt;
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  tm local{};
  ::localtime_r(&now.tv_sec, &local);
  const double nowOfDay = local.tm_hour * 3600 + local.tm_min * 60 + local.tm_sec + now.tv_nsec / 1e9;
  double lag = nowOfDay - (hh * 3600 + mm * 60 + ss);
  if (lag < -1) lag += 86400;  // logged before midnight
  if (lag < -1 || lag > 3600) return std::nullopt;
  return std::max(0.0, lag);
}

}  // namespace lab::ike

#include "harness/report/progress_counts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace harness::report {

std::string formatClock(double seconds) {
  const long s = seconds > 0 ? static_cast<long>(seconds) : 0;
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

std::optional<double> etaSeconds(const ProgressCounts& c) {
  const int remaining = c.total - c.done;
  if (c.done <= 0 || remaining <= 0) return std::nullopt;
  const double mean = c.finishedSeconds / c.done;
  const int atOnce = std::max(1, std::min(c.workers, remaining));
  const int rounds = (remaining + atOnce - 1) / atOnce;
  return std::max(0.0, mean * rounds - c.sinceLastDoneSeconds);
}

std::string formatProgress(const ProgressCounts& c) {
  std::string out = c.what + ": done " + std::to_string(c.done) + "/" + std::to_string(c.total);
  if (!c.current.empty()) out += ", running " + c.current;
  else out += ", running " + std::to_string(c.running);
  if (c.failed) out += ", failed " + std::to_string(*c.failed);
  out += ", elapsed " + formatClock(c.elapsedSeconds);
  if (auto eta = etaSeconds(c); eta && c.showEta) out += ", ETA " + formatClock(std::ceil(*eta));
  return out;
}

}  // namespace harness::report

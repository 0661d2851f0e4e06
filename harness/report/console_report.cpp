#include "harness/report/console_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace harness::report {
namespace {

const char* label(Verdict v) {
  switch (v) {
    case Verdict::Pass: return "PASS";
    case Verdict::Fail: return "FAIL";
    case Verdict::Error: return "ERROR";
    case Verdict::Skip: return "SKIP";
  }
  return "ERROR";
}

const char* colorCode(Verdict v) {
  switch (v) {
    case Verdict::Pass: return "\033[32m";
    case Verdict::Fail: return "\033[1;31m";
    case Verdict::Error: return "\033[1;35m";
    case Verdict::Skip: return "\033[33m";
  }
  return "";
}

constexpr const char* kReset = "\033[0m";

// The verdict word, padded to width outside the colour codes.
std::string verdictCell(Verdict v, bool color, std::size_t width) {
  std::string word = label(v);
  std::string pad(width > word.size() ? width - word.size() : 0, ' ');
  return color ? colorCode(v) + word + kReset + pad : word + pad;
}

// Terminal-safe text: no escape sequences or other controls from logs.
std::string clean(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '\t') out += "  ";
    else if (c < 0x20 || c == 0x7F) out += ' ';
    else out += ch;
  }
  return out;
}

// Columns the text takes (UTF-8 code points; good enough for ASCII-ish names).
std::size_t width(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string padRight(std::string s, std::size_t w) {
  std::size_t have = width(s);
  if (have < w) s.append(w - have, ' ');
  return s;
}

std::string padLeft(std::string s, std::size_t w) {
  std::size_t have = width(s);
  return have < w ? std::string(w - have, ' ') + s : s;
}

void printDetail(std::ostream& os, std::string_view detail, std::string_view indent) {
  while (!detail.empty()) {
    std::size_t nl = detail.find('\n');
    std::string_view line = detail.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    os << indent << clean(line) << '\n';
    if (nl == std::string_view::npos) break;
    detail.remove_prefix(nl + 1);
  }
}

bool showsDetail(const CheckResult& c) { return c.verdict != Verdict::Pass && !c.detail.empty(); }

std::string plural(std::size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word);
}

}  // namespace

std::string formatDuration(double s) {
  if (!std::isfinite(s) || s < 0) return "-";
  char buf[32];
  long long ms = std::llround(s * 1000);
  if (ms < 1000) {
    std::snprintf(buf, sizeof buf, "%lldms", ms);
    return buf;
  }
  long long tenths = std::llround(s * 10);
  if (tenths < 600) {
    std::snprintf(buf, sizeof buf, "%lld.%llds", tenths / 10, tenths % 10);
    return buf;
  }
  long long secs = std::llround(s);
  if (secs < 3600) {
    std::snprintf(buf, sizeof buf, "%lldm%02llds", secs / 60, secs % 60);
    return buf;
  }
  long long mins = std::llround(s / 60);
  std::snprintf(buf, sizeof buf, "%lldh%02lldm", mins / 60, mins % 60);
  return buf;
}

void printRunStart(std::ostream& os, std::string_view scenario, std::string_view kernel,
                   std::string_view why) {
  os << "==> " << clean(scenario) << " on the " << clean(kernel) << " kernel";
  if (!why.empty()) os << " (" << clean(why) << ")";
  os << '\n';
}

void printStage(std::ostream& os, std::string_view stage) {
  os << "--- stage: " << clean(stage) << '\n';
}

void printCheck(std::ostream& os, const CheckResult& c, bool color) {
  os << "    " << verdictCell(c.verdict, color, 5) << "  " << clean(c.check) << "  ("
     << formatDuration(c.seconds) << ")\n";
  if (showsDetail(c)) printDetail(os, c.detail, "           ");
}

std::string summaryLine(const RunResult& r) {
  std::size_t passed = 0, failed = 0, errored = r.error.empty() ? 0 : 1, skipped = 0;
  for (const auto& c : r.checks) {
    if (c.verdict == Verdict::Pass) ++passed;
    if (c.verdict == Verdict::Fail) ++failed;
    if (c.verdict == Verdict::Error) ++errored;
    if (c.verdict == Verdict::Skip) ++skipped;
  }
  std::string line = plural(passed, "passed") + ", " + plural(failed, "failed");
  if (errored) line += ", " + plural(errored, "errored");
  if (skipped) line += ", " + plural(skipped, "skipped");
  return line;
}

void printTable(std::ostream& os, const RunResult& r, bool color) {
  const std::string hStage = "STAGE", hCheck = "CHECK", hVerdict = "VERDICT", hTime = "TIME";
  std::size_t wStage = hStage.size(), wCheck = hCheck.size(), wTime = hTime.size();
  const std::size_t wVerdict = hVerdict.size();
  std::vector<std::string> times;
  for (const auto& c : r.checks) {
    wStage = std::max(wStage, width(clean(c.stage)));
    wCheck = std::max(wCheck, width(clean(c.check)));
    times.push_back(formatDuration(c.seconds));
    wTime = std::max(wTime, times.back().size());
  }
  const std::string gap = "  ";

  os << clean(r.scenario);
  if (!r.lab.empty()) os << " (lab " << clean(r.lab) << ")";
  os << '\n';
  os << padRight(hStage, wStage) << gap << padRight(hCheck, wCheck) << gap
     << padRight(hVerdict, wVerdict) << gap << padLeft(hTime, wTime) << '\n';
  os << std::string(wStage, '-') << gap << std::string(wCheck, '-') << gap
     << std::string(wVerdict, '-') << gap << std::string(wTime, '-') << '\n';
  if (r.checks.empty()) os << "(no checks ran)\n";
  const std::string indent(wStage + gap.size() + 2, ' ');
  for (std::size_t i = 0; i < r.checks.size(); ++i) {
    const CheckResult& c = r.checks[i];
    os << padRight(clean(c.stage), wStage) << gap << padRight(clean(c.check), wCheck) << gap
       << verdictCell(c.verdict, color, wVerdict) << gap << padLeft(times[i], wTime) << '\n';
    if (showsDetail(c)) printDetail(os, c.detail, indent);
  }
  os << '\n';
  if (!r.error.empty()) {
    os << (color ? colorCode(Verdict::Error) : "") << "run error:" << (color ? kReset : "") << '\n';
    printDetail(os, r.error, "  ");
  }
  os << summaryLine(r) << '\n';
  os << "kernel: " << (r.kernel.empty() ? "-" : clean(r.kernel));
  if (!r.kernelWhy.empty()) os << " (" << clean(r.kernelWhy) << ")";
  os << '\n';
  std::map<std::string, int> started;  // a host upgraded mid-run has a daemon per release
  for (const auto& d : r.daemons)
    os << "daemon " << clean(d.host) << ": " << clean(d.describe())
       << (started[d.host]++ ? " from stage \"" + clean(d.stage) + "\"" : std::string()) << '\n';
  os << "times: boot " << formatDuration(r.times.boot) << ", build "
     << formatDuration(r.times.build) << ", checks " << formatDuration(r.times.checks)
     << ", teardown " << formatDuration(r.times.teardown) << '\n';
  if (r.esp.total() > 0) os << r.esp.describe() << " (every captured link)\n";
  if (r.guestMemoryMiB > 0)
    os << "guest memory: " << static_cast<int>(r.guestMemoryMiB + 0.5) << " MiB in use after the checks\n";
  os << "artifacts: " << (r.artifactsDir.empty() ? "-" : clean(r.artifactsDir)) << '\n';
}

}  // namespace harness::report

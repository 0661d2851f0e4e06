#include "harness/report/junit_report.h"

#include "harness/report/atomic_file.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>

namespace harness::report {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Decodes one UTF-8 sequence at s[i]. Returns its length (0 when invalid) and
// stores the code point.
std::size_t decodeUtf8(std::string_view s, std::size_t i, char32_t& cp) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b = byte(i);
  std::size_t len;
  char32_t min;
  if (b < 0x80) { cp = b; return 1; }
  if ((b & 0xE0) == 0xC0) { len = 2; min = 0x80; cp = b & 0x1F; }
  else if ((b & 0xF0) == 0xE0) { len = 3; min = 0x800; cp = b & 0x0F; }
  else if ((b & 0xF8) == 0xF0) { len = 4; min = 0x10000; cp = b & 0x07; }
  else return 0;
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// Whether XML 1.0 may carry the code point (and we want it: C1 controls and
// DEL are legal but never meant in a report).
bool keep(char32_t cp) {
  if (cp == '\t' || cp == '\n' || cp == '\r') return true;
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return false;
  return cp != 0xFFFE && cp != 0xFFFF;
}

std::string escape(std::string_view s, bool attr) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp;
    std::size_t len = decodeUtf8(s, i, cp);
    if (len == 0) { out += kReplacement; ++i; continue; }
    std::string_view raw = s.substr(i, len);
    i += len;
    if (!keep(cp)) continue;
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += attr ? "&quot;" : "\""; break;
      case '\'': out += attr ? "&apos;" : "'"; break;
      case '\t': out += attr ? "&#9;" : "\t"; break;
      case '\n': out += attr ? "&#10;" : "\n"; break;
      case '\r': out += "&#13;"; break;  // a raw CR would be normalised away
      default: out += raw;
    }
  }
  return out;
}

std::string seconds(double s) {
  if (!std::isfinite(s) || s < 0) s = 0;
  std::array<char, 64> buf;
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), s,
                                 std::chars_format::fixed, 3);
  if (ec != std::errc{}) return "0.000";
  return std::string(buf.data(), end);
}

std::string firstLine(std::string_view s) {
  return std::string(s.substr(0, s.find('\n')));
}

struct Counts {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  double time = 0;

  void add(const Counts& o) {
    tests += o.tests; failures += o.failures; errors += o.errors; skipped += o.skipped;
    time += o.time;
  }
  std::string attrs() const {
    return " tests=\"" + std::to_string(tests) + "\" failures=\"" + std::to_string(failures) +
           "\" errors=\"" + std::to_string(errors) + "\" skipped=\"" + std::to_string(skipped) +
           "\" time=\"" + seconds(time) + "\"";
  }
};

Counts countRun(const RunResult& r) {
  Counts c;
  double checkTime = 0;
  for (const auto& k : r.checks) {
    ++c.tests;
    if (k.verdict == Verdict::Fail) ++c.failures;
    if (k.verdict == Verdict::Error) ++c.errors;
    if (k.verdict == Verdict::Skip) ++c.skipped;
    if (std::isfinite(k.seconds) && k.seconds > 0) checkTime += k.seconds;
  }
  if (!r.error.empty()) { ++c.tests; ++c.errors; }
  const PhaseTimes& t = r.times;
  double wall = 0;
  for (double p : {t.boot, t.build, t.checks, t.teardown})
    if (std::isfinite(p) && p > 0) wall += p;
  c.time = std::max(wall, checkTime);  // never less than its testcases
  return c;
}

void property(std::string& out, std::string_view name, std::string_view value) {
  out += "      <property name=\"" + xmlAttr(name) + "\" value=\"" + xmlAttr(value) + "\"/>\n";
}

// <failure>/<error> with the first line as message and the whole detail as text.
void problem(std::string& out, std::string_view tag, std::string_view detail) {
  out += "      <" + std::string(tag) + " message=\"" + xmlAttr(firstLine(detail)) + "\">" +
         xmlText(detail) + "</" + std::string(tag) + ">\n";
}

void testcase(std::string& out, const RunResult& r, const CheckResult& c) {
  out += "    <testcase classname=\"" + xmlAttr("labrun." + r.scenario + "." + c.stage) +
         "\" name=\"" + xmlAttr(c.check) + "\" time=\"" + seconds(c.seconds) + "\"";
  switch (c.verdict) {
    case Verdict::Pass:
      out += "/>\n";
      return;
    case Verdict::Fail:
      out += ">\n";
      problem(out, "failure", c.detail);
      break;
    case Verdict::Error:
      out += ">\n";
      problem(out, "error", c.detail);
      break;
    case Verdict::Skip:
      out += ">\n      <skipped message=\"" + xmlAttr(firstLine(c.detail)) + "\"/>\n";
      break;
  }
  out += "    </testcase>\n";
}

void testsuite(std::string& out, const RunResult& r, const Counts& counts) {
  out += "  <testsuite name=\"" + xmlAttr(r.scenario) + "\"" + counts.attrs() + ">\n";
  out += "    <properties>\n";
  property(out, "lab", r.lab);
  property(out, "kernel", r.kernel);
  property(out, "kernelWhy", r.kernelWhy);
  property(out, "artifactsDir", r.artifactsDir);
  property(out, "exitCode", std::to_string(r.exitCode));
  // One per daemon: "daemon.C" = "libreswan 4.3 (4.3-1+deb11u4, bullseye)";
  // a host upgraded mid-run gets "daemon.C@<stage>" for the later one.
  std::map<std::string, int> seen;
  for (const auto& d : r.daemons)
    property(out, "daemon." + d.host + (seen[d.host]++ ? "@" + d.stage : std::string()), d.describe());
  out += "    </properties>\n";
  for (const auto& c : r.checks) testcase(out, r, c);
  if (!r.error.empty()) {
    out += "    <testcase classname=\"" + xmlAttr("labrun." + r.scenario) +
           "\" name=\"run\" time=\"0.000\">\n";
    problem(out, "error", r.error);
    out += "    </testcase>\n";
  }
  out += "  </testsuite>\n";
}

}  // namespace

std::string xmlText(std::string_view s) { return escape(s, false); }
std::string xmlAttr(std::string_view s) { return escape(s, true); }

std::string junitXml(const std::vector<RunResult>& runs) {
  Counts total;
  std::string suites;
  for (const auto& r : runs) {
    Counts c = countRun(r);
    testsuite(suites, r, c);
    total.add(c);
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"labrun\"" +
         total.attrs() + ">\n" + suites + "</testsuites>\n";
}

void writeJunit(const std::vector<RunResult>& runs, const std::filesystem::path& path) {
  const std::string xml = junitXml(runs);
  writeFileAtomically(path, xml);
}

}  // namespace harness::report

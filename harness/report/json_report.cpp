#include "harness/report/json_report.h"

#include "harness/report/atomic_file.h"
#include "harness/report/json_ladder.h"
#include "harness/report/json_reader.h"
#include "harness/report/links_json.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>

namespace harness::report {
namespace {

using Json = nlohmann::json;
using json::Reader;
using json::shown;

constexpr std::string_view kFormatName = "labrun-result";

// A time nobody measured is written as 0 rather than as JSON null.
double finiteOrZero(double s) { return std::isfinite(s) ? s : 0.0; }

Json checkToJson(const CheckResult& c) {
  return Json{{"stage", c.stage},
              {"check", c.check},
              {"verdict", verdictName(c.verdict)},
              {"detail", c.detail},
              {"seconds", finiteOrZero(c.seconds)}};
}

Verdict verdictFromName(const std::string& name, const std::string& where) {
  for (Verdict v : {Verdict::Pass, Verdict::Fail, Verdict::Error, Verdict::Skip})
    if (name == verdictName(v)) return v;
  Reader::fail(where, "unknown verdict \"" + name + "\" (known: pass, fail, error, skip)");
}

CheckResult checkFromJson(const Json& j, const std::string& path) {
  Reader r(j, path);
  r.onlyKeys({"stage", "check", "verdict", "detail", "seconds"});
  CheckResult c;
  c.stage = r.string("stage");
  c.check = r.string("check");
  c.verdict = verdictFromName(r.string("verdict"), path + ".verdict");
  c.detail = r.string("detail");
  c.seconds = r.seconds("seconds");
  return c;
}

PhaseTimes timesFromJson(const Json& j, const std::string& path) {
  Reader r(j, path);
  r.onlyKeys({"boot", "build", "checks", "teardown"});
  PhaseTimes t;
  t.boot = r.seconds("boot");
  t.build = r.seconds("build");
  t.checks = r.seconds("checks");
  t.teardown = r.seconds("teardown");
  return t;
}

PhaseProcesses processesFromJson(const Json& j, const std::string& path) {
  Reader r(j, path);
  r.onlyKeys({"build", "checks", "teardown", "started"});
  PhaseProcesses p;
  p.build = r.integer("build");
  p.checks = r.integer("checks");
  p.teardown = r.integer("teardown");
  const Json& started = r.field("started");
  if (!started.is_object()) Reader::fail(path + ".started", "expected an object");
  for (const auto& [program, n] : started.items()) {
    if (!n.is_number_integer()) Reader::fail(path + ".started." + program, "expected an integer");
    p.started[program] = n.get<int>();
  }
  return p;
}

std::vector<DaemonInfo> daemonsFromJson(const Json& j) {
  if (!j.is_array()) Reader::fail("$.daemons", "expected an array");
  std::vector<DaemonInfo> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    Reader r(j[i], "$.daemons[" + std::to_string(i) + "]");
    r.onlyKeys({"host", "implementation", "version", "package", "release", "machineRelease", "stage"});
    DaemonInfo d;
    d.host = r.string("host");
    d.implementation = r.string("implementation");
    d.version = r.string("version");
    d.package = r.string("package");
    d.release = r.string("release");
    d.machineRelease = r.string("machineRelease");
    d.stage = r.string("stage");
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

Json toJson(const RunResult& r) {
  Json ladders = Json::array();
  for (const auto& l : r.ikeLadders) ladders.push_back(ladderToJson(l));
  Json checks = Json::array();
  for (const auto& c : r.checks) checks.push_back(checkToJson(c));
  Json daemons = Json::array();
  for (const auto& d : r.daemons)
    daemons.push_back({{"host", d.host},
                       {"implementation", d.implementation},
                       {"version", d.version},
                       {"package", d.package},
                       {"release", d.release},
                       {"machineRelease", d.machineRelease},
                       {"stage", d.stage}});
  return Json{{"format", kFormatName},
              {"version", kJsonFormatVersion},
              {"scenario", r.scenario},
              {"lab", r.lab},
              {"kernel", r.kernel},
              {"kernelWhy", r.kernelWhy},
              {"checks", std::move(checks)},
              {"daemons", std::move(daemons)},
              {"times",
               {{"boot", finiteOrZero(r.times.boot)},
                {"build", finiteOrZero(r.times.build)},
                {"checks", finiteOrZero(r.times.checks)},
                {"teardown", finiteOrZero(r.times.teardown)}}},
              {"processes",
               {{"build", r.processes.build},
                {"checks", r.processes.checks},
                {"teardown", r.processes.teardown},
                {"started", r.processes.started}}},
              {"artifactsDir", r.artifactsDir},
              {"esp",
               {{"decrypted", r.esp.decrypted},
                {"failed", r.esp.failed()},
                {"icvFailed", r.esp.icvFailed},
                {"noSa", r.esp.noSa},
                {"other", r.esp.other},
                {"seconds", r.esp.seconds}}},
              {"ikeLadders", std::move(ladders)},
              {"links", linksToJson(r.links)},
              {"guestMemoryMiB", finiteOrZero(r.guestMemoryMiB)},
              {"error", r.error},
              {"exitCode", r.exitCode}};
}

RunResult runResultFromJson(const Json& j) {
  Reader r(j, "$");
  if (r.string("format") != kFormatName)
    Reader::fail("$.format", "expected \"" + std::string(kFormatName) + "\", got " +
                                 shown(r.field("format")));
  if (int v = r.integer("version"); v != kJsonFormatVersion)
    Reader::fail("$.version", "unsupported version " + std::to_string(v) + " (this labrun reads " +
                                  std::to_string(kJsonFormatVersion) + ")");
  r.onlyKeys({"format", "version", "scenario", "lab", "kernel", "kernelWhy", "checks", "daemons", "times",
              "processes", "artifactsDir", "esp", "ikeLadders", "links", "guestMemoryMiB", "error", "exitCode"});

  RunResult out;
  out.scenario = r.string("scenario");
  out.lab = r.string("lab");
  out.kernel = r.string("kernel");
  out.kernelWhy = r.string("kernelWhy");
  const Json& checks = r.field("checks");
  if (!checks.is_array()) Reader::fail("$.checks", "expected an array");
  for (std::size_t i = 0; i < checks.size(); ++i)
    out.checks.push_back(checkFromJson(checks[i], "$.checks[" + std::to_string(i) + "]"));
  if (j.contains("daemons")) out.daemons = daemonsFromJson(r.field("daemons"));
  out.times = timesFromJson(r.field("times"), "$.times");
  out.artifactsDir = r.string("artifactsDir");
  if (j.contains("processes")) out.processes = processesFromJson(r.field("processes"), "$.processes");
  if (j.contains("esp")) {
    Reader e(r.field("esp"), "$.esp");
    e.onlyKeys({"decrypted", "failed", "icvFailed", "noSa", "other", "seconds"});
    auto n = [&](const char* key) { return static_cast<std::size_t>(std::max(0, e.integer(key))); };
    out.esp.decrypted = n("decrypted");
    out.esp.icvFailed = n("icvFailed");
    out.esp.noSa = n("noSa");
    out.esp.other = n("other");
    if (r.field("esp").contains("seconds")) out.esp.seconds = e.seconds("seconds");
  }
  if (j.contains("ikeLadders")) {
    const Json& ls = r.field("ikeLadders");
    if (!ls.is_array()) Reader::fail("$.ikeLadders", "expected an array");
    for (std::size_t i = 0; i < ls.size(); ++i)
      out.ikeLadders.push_back(ladderFromJson(ls[i], "$.ikeLadders[" + std::to_string(i) + "]"));
  }
  if (j.contains("links")) out.links = linksFromJson(r.field("links"));
  out.guestMemoryMiB = r.seconds("guestMemoryMiB");  // a non-negative finite number
  out.error = r.string("error");
  out.exitCode = r.integer("exitCode");
  return out;
}

void writeJson(const RunResult& r, const std::filesystem::path& path) {
  // Invalid UTF-8 (log excerpts) becomes U+FFFD instead of failing the write.
  std::string text = toJson(r).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  writeFileAtomically(path, text);
}

RunResult readJson(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw JsonReportError(path.string() + ": cannot read labrun result: " + std::strerror(errno));
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw JsonReportError(path.string() +
                          ": labrun result is empty (did the run die before writing it?)");
  Json j;
  try {
    j = Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw JsonReportError(path.string() + ": labrun result is not valid JSON: " + e.what());
  }
  try {
    return runResultFromJson(j);
  } catch (const JsonReportError& e) {
    throw JsonReportError(path.string() + ": " + e.what());
  }
}

}  // namespace harness::report

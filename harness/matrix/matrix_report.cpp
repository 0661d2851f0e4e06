#include "harness/matrix/matrix_report.h"

#include <algorithm>
#include <fstream>
#include <set>

#include "harness/report/atomic_file.h"
#include "harness/report/json_report.h"

namespace harness::matrix {
namespace {

using report::JsonReportError;
using nlohmann::json;

const json& field(const json& j, const std::string& key, const std::string& path) {
  if (!j.is_object() || !j.contains(key)) throw JsonReportError(path + "." + key + ": missing");
  return j.at(key);
}

std::string str(const json& j, const std::string& key, const std::string& path) {
  const json& v = field(j, key, path);
  if (!v.is_string()) throw JsonReportError(path + "." + key + ": expected a string");
  return v.get<std::string>();
}

int integer(const json& j, const std::string& key, const std::string& path) {
  const json& v = field(j, key, path);
  if (!v.is_number_integer()) throw JsonReportError(path + "." + key + ": expected an integer");
  return v.get<int>();
}

double number(const json& j, const std::string& key, const std::string& path) {
  const json& v = field(j, key, path);
  if (!v.is_number()) throw JsonReportError(path + "." + key + ": expected a number");
  return v.get<double>();
}

void onlyKeys(const json& j, std::initializer_list<const char*> keys, const std::string& path) {
  for (const auto& [k, v] : j.items())
    if (std::none_of(keys.begin(), keys.end(), [&](const char* x) { return k == x; }))
      throw JsonReportError(path + "." + k + ": unknown field");
}

json caseJson(const CaseOutcome& o) {
  return {{"id", o.c.id},           {"scenario", o.c.scenario}, {"pairing", o.c.pairing},
          {"ikeVersion", o.c.ikeVersion}, {"auth", o.c.auth},   {"releases", o.c.releases}, {"stages", o.c.stages},
          {"index", o.c.index},     {"notApplicable", o.c.notApplicable}, {"status", statusName(o.status)}, {"note", o.note},
          {"seconds", o.seconds},   {"worker", o.worker},       {"result", report::toJson(o.result)}};
}

CaseOutcome caseFromJson(const json& j, const std::string& path) {
  onlyKeys(j, {"id", "scenario", "pairing", "ikeVersion", "auth", "releases", "stages", "index", "notApplicable", "status", "note",
               "seconds", "worker", "result"},
           path);
  CaseOutcome o;
  o.c.id = str(j, "id", path);
  o.c.scenario = str(j, "scenario", path);
  o.c.pairing = str(j, "pairing", path);
  o.c.ikeVersion = integer(j, "ikeVersion", path);
  o.c.auth = str(j, "auth", path);
  if (j.contains("releases")) o.c.releases = str(j, "releases", path);  // absent before the release axis
  const json& st = field(j, "stages", path);
  if (!st.is_array()) throw JsonReportError(path + ".stages: expected an array");
  for (std::size_t i = 0; i < st.size(); ++i) {
    if (!st[i].is_string()) throw JsonReportError(path + ".stages[" + std::to_string(i) + "]: expected a string");
    o.c.stages.push_back(st[i].get<std::string>());
  }
  o.c.index = integer(j, "index", path);
  o.c.notApplicable = str(j, "notApplicable", path);
  try {
    o.status = statusFromName(str(j, "status", path));
  } catch (const std::invalid_argument& e) {
    throw JsonReportError(path + ".status: " + e.what());
  }
  o.note = str(j, "note", path);
  o.seconds = number(j, "seconds", path);
  o.worker = integer(j, "worker", path);
  try {
    o.result = report::runResultFromJson(field(j, "result", path));
  } catch (const JsonReportError& e) {
    throw JsonReportError(path + ".result: " + e.what());
  }
  return o;
}

}  // namespace

json toJson(const MatrixReport& m) {
  json cases = json::array();
  for (const auto& o : m.cases) cases.push_back(caseJson(o));
  return {{"format", "labrun-matrix"}, {"version", kMatrixJsonVersion}, {"shard", m.shard},
          {"total", m.total},          {"jobs", m.jobs},                {"kernel", m.kernel},
          {"wallSeconds", m.wallSeconds}, {"cases", cases}};
}

MatrixReport matrixFromJson(const json& j) {
  const std::string p = "$";
  if (!j.is_object()) throw JsonReportError("$: expected an object");
  onlyKeys(j, {"format", "version", "shard", "total", "jobs", "kernel", "wallSeconds", "cases"}, p);
  if (str(j, "format", p) != "labrun-matrix") throw JsonReportError("$.format: not a labrun matrix report");
  if (integer(j, "version", p) != kMatrixJsonVersion)
    throw JsonReportError("$.version: unsupported version (this labrun reads " +
                          std::to_string(kMatrixJsonVersion) + ")");
  MatrixReport m;
  m.shard = str(j, "shard", p);
  m.total = integer(j, "total", p);
  m.jobs = integer(j, "jobs", p);
  m.kernel = str(j, "kernel", p);
  m.wallSeconds = number(j, "wallSeconds", p);
  const json& cs = field(j, "cases", p);
  if (!cs.is_array()) throw JsonReportError("$.cases: expected an array");
  for (std::size_t i = 0; i < cs.size(); ++i) m.cases.push_back(caseFromJson(cs[i], "$.cases[" + std::to_string(i) + "]"));
  return m;
}

void writeMatrixJson(const MatrixReport& m, const std::filesystem::path& path) {
  report::writeFileAtomically(path, toJson(m).dump(2, ' ', false, json::error_handler_t::replace) + "\n");
}

MatrixReport readMatrixJson(const std::filesystem::path& path) {
  std::ifstream f(path);
  if (!f) throw JsonReportError(path.string() + ": cannot read");
  try {
    return matrixFromJson(json::parse(f));
  } catch (const json::exception& e) {
    throw JsonReportError(path.string() + ": " + e.what());
  } catch (const JsonReportError& e) {
    throw JsonReportError(path.string() + ": " + e.what());
  }
}

MatrixReport mergeReports(const std::vector<MatrixReport>& parts) {
  MatrixReport m;
  m.shard = "merged";
  m.jobs = 0;
  std::set<std::string> kernels, ids;
  for (const auto& p : parts) {
    m.total = std::max(m.total, p.total);
    m.jobs += p.jobs;
    m.wallSeconds = std::max(m.wallSeconds, p.wallSeconds);
    if (!p.kernel.empty()) kernels.insert(p.kernel);
    for (const auto& o : p.cases) {
      if (!ids.insert(o.c.id).second) throw JsonReportError("case " + o.c.id + " appears in two reports");
      m.cases.push_back(o);
    }
  }
  m.kernel = kernels.size() == 1 ? *kernels.begin() : kernels.empty() ? "" : "mixed";
  std::sort(m.cases.begin(), m.cases.end(), [](const auto& a, const auto& b) { return a.c.id < b.c.id; });
  return m;
}

std::vector<RunResult> junitRuns(const MatrixReport& m) {
  std::vector<RunResult> out;
  for (const auto& o : m.cases) {
    RunResult r = o.result;
    r.scenario = o.c.id;
    if (o.status == CaseStatus::Timeout || o.status == CaseStatus::NotRun) {
      if (r.error.empty()) r.error = o.note.empty() ? statusName(o.status) : o.note;
    }
    if (o.status == CaseStatus::Unsupported) {
      // Known and explained: skipped, not failed.
      for (auto& c : r.checks)
        if (c.verdict == Verdict::Fail || c.verdict == Verdict::Error) {
          c.verdict = Verdict::Skip;
          c.detail = "unsupported combination: " + o.note + "\n" + c.detail;
        }
      r.error.clear();
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace harness::matrix

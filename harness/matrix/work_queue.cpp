#include "harness/matrix/work_queue.h"

#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "harness/report/atomic_file.h"
#include "harness/report/json_report.h"
#include "lab/sys/error.h"

namespace harness::matrix {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json readJsonFile(const fs::path& p) {
  std::ifstream f(p);
  if (!f) throw lab::sys::Error("cannot read " + p.string());
  return json::parse(f);
}

}  // namespace

fs::path workerDir(const fs::path& dir, int worker) { return dir / ("w" + std::to_string(worker)); }

fs::path keysDir(const fs::path& dir) { return dir / "keys"; }

void writePlan(const fs::path& dir, const Plan& plan) {
  json cases = json::array();
  for (const auto& p : plan.cases)
    cases.push_back({{"index", p.c.index}, {"id", p.c.id}, {"scenario", p.c.scenario}, {"file", p.c.file.string()},
                     {"pairing", p.c.pairing}, {"ikeVersion", p.c.ikeVersion}, {"auth", p.c.auth},
                     {"releases", p.c.releases}, {"stages", p.c.stages}, {"lab", p.lab}, {"artifacts", p.artifacts.string()}});
  json j = {{"caseTimeoutSec", plan.caseTimeoutSec}, {"capture", plan.capture}, {"kernel", plan.kernel},
            {"kernelWhy", plan.kernelWhy}, {"rootsDir", plan.rootsDir}, {"cases", cases}};
  report::writeFileAtomically(dir / "plan.json", j.dump(1));
}

Plan readPlan(const fs::path& dir) {
  const json j = readJsonFile(dir / "plan.json");
  Plan plan;
  plan.caseTimeoutSec = j.at("caseTimeoutSec").get<int>();
  plan.capture = j.at("capture").get<bool>();
  plan.kernel = j.at("kernel").get<std::string>();
  plan.kernelWhy = j.at("kernelWhy").get<std::string>();
  plan.rootsDir = j.at("rootsDir").get<std::string>();
  for (const auto& c : j.at("cases")) {
    PlannedCase p;
    p.c.index = c.at("index").get<int>();
    p.c.id = c.at("id").get<std::string>();
    p.c.scenario = c.at("scenario").get<std::string>();
    p.c.file = c.at("file").get<std::string>();
    p.c.pairing = c.at("pairing").get<std::string>();
    p.c.ikeVersion = c.at("ikeVersion").get<int>();
    p.c.auth = c.at("auth").get<std::string>();
    p.c.releases = c.at("releases").get<std::string>();
    p.c.stages = c.at("stages").get<std::vector<std::string>>();
    p.lab = c.at("lab").get<std::string>();
    p.artifacts = c.at("artifacts").get<std::string>();
    plan.cases.push_back(std::move(p));
  }
  return plan;
}

void fillQueue(const fs::path& dir, const Plan& plan) {
  for (const char* sub : {"queue", "claimed", "results"}) fs::create_directories(dir / sub);
  for (const auto& p : plan.cases) std::ofstream(dir / "queue" / std::to_string(p.c.index));
}

bool queueEmpty(const fs::path& dir) {
  std::error_code ec;
  return fs::is_empty(dir / "queue", ec) || ec;
}

std::optional<PlannedCase> claimNext(const fs::path& dir, const Plan& plan, int worker) {
  for (const auto& p : plan.cases) {
    const std::string idx = std::to_string(p.c.index);
    const fs::path from = dir / "queue" / idx;
    const fs::path to = dir / "claimed" / (idx + ".w" + std::to_string(worker));
    if (std::rename(from.c_str(), to.c_str()) == 0) return p;
  }
  return std::nullopt;
}

std::vector<Claim> claims(const fs::path& dir) {
  std::vector<Claim> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir / "claimed", ec)) {
    const std::string n = e.path().filename().string();
    auto dot = n.find(".w");
    if (dot == std::string::npos) continue;
    try {
      out.push_back({std::stoi(n.substr(0, dot)), std::stoi(n.substr(dot + 2))});
    } catch (const std::exception&) {
    }
  }
  return out;
}

void writeCaseResult(const fs::path& dir, const CaseResultFile& r) {
  json j = {{"index", r.index}, {"worker", r.worker}, {"timedOut", r.timedOut}, {"seconds", r.seconds},
            {"result", report::toJson(r.result)}};
  report::writeFileAtomically(dir / "results" / (std::to_string(r.index) + ".json"),
                              j.dump(1, ' ', false, json::error_handler_t::replace));
}

std::optional<CaseResultFile> readCaseResult(const fs::path& dir, int index) {
  const fs::path p = dir / "results" / (std::to_string(index) + ".json");
  std::error_code ec;
  if (!fs::exists(p, ec)) return std::nullopt;
  try {
    const json j = readJsonFile(p);
    CaseResultFile r;
    r.index = j.at("index").get<int>();
    r.worker = j.at("worker").get<int>();
    r.timedOut = j.at("timedOut").get<bool>();
    r.seconds = j.at("seconds").get<double>();
    r.result = report::runResultFromJson(j.at("result"));
    return r;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace harness::matrix

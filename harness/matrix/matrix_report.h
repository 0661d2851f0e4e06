#pragma once
// A whole matrix run (or one shard of it) as data: written as one JSON file
// (--json), read back strictly by `labrun report merge`, and turned into one
// JUnit file. Layout:
//   {"format": "labrun-matrix", "version": 1, "shard": "2/3", "total": 34,
//    "jobs": 2, "kernel": "uml", "wallSeconds": 61.2,
//    "cases": [{"id", "scenario", "pairing", "ikeVersion", "auth", "stages",
//               "index", "notApplicable", "status", "note", "seconds", "worker",
//               "result": <RunResult as in json_report.h>}]}
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/matrix/case_outcome.h"

namespace harness::matrix {

inline constexpr int kMatrixJsonVersion = 1;

struct MatrixReport {
  std::string shard = "1/1";
  int total = 0;            // cases in the whole (unsharded) matrix
  int jobs = 1;
  std::string kernel;       // "host" | "uml" ("mixed" after merging both)
  double wallSeconds = 0;
  std::vector<CaseOutcome> cases;  // sorted by id
};

nlohmann::json toJson(const MatrixReport& m);
// Strict: throws report::JsonReportError naming the JSON path.
MatrixReport matrixFromJson(const nlohmann::json& j);
void writeMatrixJson(const MatrixReport& m, const std::filesystem::path& path);
MatrixReport readMatrixJson(const std::filesystem::path& path);

// Shards (or any partial reports) into one, sorted by id. Throws
// report::JsonReportError when a case id appears twice.
MatrixReport mergeReports(const std::vector<MatrixReport>& parts);

// One RunResult per case for the JUnit writer, named by case id.
std::vector<RunResult> junitRuns(const MatrixReport& m);

}  // namespace harness::matrix

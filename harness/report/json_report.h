#pragma once
// RunResult <-> JSON. A UML guest writes its result with writeJson and the host
// reads it back with readJson, so the reader is strict: any missing field,
// wrong type, unknown field or unknown verdict throws JsonReportError naming
// the JSON path. The round trip is exact (doubles included) except that
// writeJson turns invalid UTF-8 into U+FFFD and non-finite times into 0.
#include <filesystem>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "harness/report/result.h"

namespace harness::report {

class JsonReportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bumped when the layout changes incompatibly; the reader refuses others.
inline constexpr int kJsonFormatVersion = 1;

nlohmann::json toJson(const RunResult& r);
RunResult runResultFromJson(const nlohmann::json& j);

// Writes atomically (temporary file, then rename). Throws std::runtime_error
// when the file cannot be written.
void writeJson(const RunResult& r, const std::filesystem::path& path);
// Throws JsonReportError (file name included) on unreadable or malformed input.
RunResult readJson(const std::filesystem::path& path);

}  // namespace harness::report

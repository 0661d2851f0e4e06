#include "harness/scenario/scenario_error.h"

namespace harness::scenario {

std::string ScenarioError::format() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(col);
  out += ": ";
  if (!yamlPath.empty()) out += yamlPath + ": ";
  out += message;
  if (!hint.empty()) out += " (" + hint + ")";
  return out;
}

ScenarioParseError::ScenarioParseError(std::vector<ScenarioError> errs) : errors(std::move(errs)) {
  for (const auto& e : errors) {
    if (!what_.empty()) what_ += "\n";
    what_ += e.format();
  }
}

const char* ScenarioParseError::what() const noexcept { return what_.c_str(); }

}  // namespace harness::scenario

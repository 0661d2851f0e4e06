#pragma once
// Errors found while reading a scenario file. The parser collects all of
// them and throws one ScenarioParseError carrying the list.
#include <exception>
#include <string>
#include <vector>

namespace harness::scenario {

struct ScenarioError {
  std::string file;
  int line = 0;            // 1-based; 0 when the error has no place in the file
  int col = 0;             // 1-based
  std::string yamlPath;    // e.g. "hosts.C.address"; empty for the whole file
  std::string message;     // what is wrong and what was expected
  std::string hint;        // "did you mean 'address'?", "known: wan, lan-c", or ""

  // "file:line:col: hosts.C.adress: unknown key 'adress' (did you mean 'address'?)"
  std::string format() const;
};

class ScenarioParseError : public std::exception {
 public:
  explicit ScenarioParseError(std::vector<ScenarioError> errs);
  const char* what() const noexcept override;  // all errors, one per line

  std::vector<ScenarioError> errors;

 private:
  std::string what_;
};

}  // namespace harness::scenario

#pragma once
// A bad command-line value or argument file (exit 2), as opposed to a
// scenario file's errors (ScenarioParseError, with file:line:col).
#include <stdexcept>

namespace harness::scenario {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace harness::scenario

#pragma once
// Combinations the IKE daemons are known not to support together. A case
// listed here that fails is reported UNSUPPORTED with the reason instead of
// FAIL (and does not fail the run); a listed case that passes is reported as
// a pass with a note that the entry is stale. Anything not listed that fails
// is a FAIL, even when it fails every time.
#include <optional>
#include <string>
#include <vector>

#include "harness/matrix/matrix_case.h"

namespace harness::matrix {

struct UnsupportedCombination {
  std::string scenario;  // scenario name, "*" for any
  std::string pairing;   // as in case ids ("A=libreswan,B=strongswan"), "*" for any
  int ikeVersion = 0;    // 1 | 2, 0 for any
  std::string auth;      // "psk" | "rsa", "*" for any
  std::string reason;    // one line, shown in the table's notes
};

// The explicit list (harness/matrix/known_unsupported.cpp). Kept small and
// reviewed: each entry names why the daemons cannot interoperate.
extern const std::vector<UnsupportedCombination> kKnownUnsupported;

// The entry covering this case, if any (first match in `table`).
std::optional<UnsupportedCombination> knownUnsupported(
    const MatrixCase& c, const std::vector<UnsupportedCombination>& table = kKnownUnsupported);

}  // namespace harness::matrix

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
#include "harness/report/result.h"
#include "lab/ike/version.h"

namespace harness::matrix {

// The versions of one implementation an entry was read off: it covers a
// case whose daemons of that implementation all run a version in `range`
// (open-ended upwards, so that a newer daemon that fixes it passes and the
// entry shows as stale for it); with `anyEnd`, a case where one of them does
// (a failure that one old end causes whatever the other runs).
struct VersionKey {
  std::string implementation;  // "libreswan"
  lab::ike::VersionRange range;
  bool anyEnd = false;
};

struct UnsupportedCombination {
  std::string scenario;  // scenario name, "*" for any
  std::string pairing;   // as in case ids ("A=libreswan,B=strongswan"), "*" for any
  int ikeVersion = 0;    // 1 | 2, 0 for any
  std::string auth;      // "psk" | "rsa", "*" for any
  std::string reason;    // one line, shown in the table's notes
  std::vector<VersionKey> versions;  // empty: any version
  std::string versionsText() const;  // "libreswan >= 4.10", "" when any
};

// The explicit list (harness/matrix/known_unsupported.cpp). Kept small and
// reviewed: each entry names why the daemons cannot interoperate.
extern const std::vector<UnsupportedCombination> kKnownUnsupported;

// The entry covering this case, if any (first match in `table`). `daemons`:
// what the case ran (RunResult::daemons); without them (not run) the
// version keys are not checked.
std::optional<UnsupportedCombination> knownUnsupported(
    const MatrixCase& c, const std::vector<DaemonInfo>& daemons = {},
    const std::vector<UnsupportedCombination>& table = kKnownUnsupported);

}  // namespace harness::matrix

#pragma once
// A diagnosis from a daemon's log alone (labrun explain): whose log it is
// and which version wrote it, the outcomes its implementation's table finds
// (the same table the lab judges with), the IDs the lines say were declared
// and expected, why, the fix in every implementation's syntax, and the
// labrun command that shows the same failure in a lab. Pure: no lab, no
// privileges.
#include <optional>
#include <string>
#include <vector>

#include "lab/ike/implementation.h"

namespace harness::explain {

struct LogDiagnosis {
  std::string source;                            // file name, or "stdin"
  const lab::ike::IkeImplementation* impl = nullptr;
  std::string version;                           // "" when the log does not name it
  std::size_t lineCount = 0;
  std::vector<lab::ike::OutcomeEvent> events;    // in log order
  std::vector<std::size_t> eventLines;           // 1-based line of each event
  std::vector<lab::ike::IdClaim> claims;         // in log order
  std::vector<std::string> conns;                // connections the lines name
};

// Throws scenario::UsageError when no implementation recognises the log.
LogDiagnosis diagnoseLog(const std::string& source, const std::vector<std::string>& lines);

// The report: what the log is, what happened, the IDs, why, the fix, the
// reproduce command. `peer`: the other side's log, when given.
std::string renderDiagnosis(const LogDiagnosis& d, const std::optional<LogDiagnosis>& peer);

// Whether the log shows a failure labrun knows (an outcome of the table).
inline bool diagnosed(const LogDiagnosis& d) { return !d.events.empty(); }

}  // namespace harness::explain

#pragma once
// What labrun explain makes of a diagnosed log (log_diagnosis.h): the IDs
// both sides' lines show, why it failed, the fix in the daemon's own syntax,
// which side is behind the NAT, and the reproduce command.
#include <optional>
#include <string>

#include "harness/explain/log_diagnosis.h"

namespace harness::explain {

// Every IdClaim of the log merged (the most complete wins).
lab::ike::IdClaim idsOf(const LogDiagnosis& d);

// Whether the log shows `outcome` (one of several).
bool shows(const LogDiagnosis& d, std::initializer_list<const char*> outcomes);

// "why:"/"fix:" lines. `peer`: the other side's diagnosis, when given (its
// implementation then names the fix's syntax).
std::string whyAndFix(const LogDiagnosis& d, const LogDiagnosis* peer);

// The one labrun reproduce command that shows this failure in a lab.
std::string reproduceCommand(const LogDiagnosis& d, const std::optional<LogDiagnosis>& peer);

}  // namespace harness::explain

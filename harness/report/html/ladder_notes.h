#pragma once
// What the wire cannot show: IKEv1 sends INVALID_ID_INFORMATION inside an
// encrypted Informational. When a stage's checks saw a daemon log a notify
// outcome ("notify:INVALID_ID_INFORMATION at A"), the first encrypted
// Informational A sent in that stage's ladder is marked with it, saying
// where the knowledge came from (A's log); the daemon's own line, when the
// ladder has it, stays a note on A's lifeline.
#include <vector>

#include "harness/report/html/ladder_model.h"
#include "harness/report/html/ladder_svg.h"
#include "harness/report/result.h"

namespace harness::report::html {

void annotateNotifies(std::vector<LadderEntry>& ladder, const std::vector<const CheckResult*>& stageChecks,
                      const std::vector<Lifeline>& lifelines);

}  // namespace harness::report::html

#pragma once
// IKE outcomes stated as what happened, not as one version's wording:
//   established, notify:AUTHENTICATION_FAILED, notify:INVALID_ID_INFORMATION,
//   notify:NO_PROPOSAL_CHOSEN, notify:TS_UNACCEPTABLE,
//   rejected:cannot-identify-ourselves, rejected:ikev1-policy, auth-mismatch,
//   peer-id-mismatch, kernel-refused-sa, no-response
// Each implementation owns one table (lab/ike/<impl>/outcomes.cpp) mapping
// its log lines to outcomes; a rule may hold for some versions only, and the
// table names the versions its rules were checked against on the real
// daemon. Control-interface state (established) comes from the daemons'
// status; the tables cover the rest.
#include <string>
#include <vector>

#include "lab/ike/version.h"

namespace lab::ike {

struct OutcomeRule {
  std::string outcome;
  std::string pattern;   // ECMAScript regex on one log line
  bool terminal = true;  // the negotiation has failed for good (stop waiting)
  std::string meaning;   // one line for the report
  VersionRange versions; // the versions that log this line (default: any)
};

struct OutcomeTable {
  std::vector<std::string> verifiedOn;  // versions these rules were checked against
  std::vector<OutcomeRule> rules;       // first matching rule wins per line
  bool verified(const std::string& version) const;
  // "" when `version` is verified; else one line for the console, e.g.
  // "libreswan 5.3: outcome matchers verified on 4.3, 4.10, 5.2 only;
  // unverified for 5.3: auth-mismatch, no-response, ..." (the outcomes of
  // the rules that hold for that version, each once). The run goes on.
  std::string unverifiedNote(const std::string& daemon, const std::string& version) const;
};

// One outcome seen in a daemon's log.
struct OutcomeEvent {
  std::string host;
  std::string daemon;    // implementation name
  std::string version;   // its version
  std::string conn;      // the connection the line names, "" if it names none
  std::string outcome;
  std::string line;
  bool terminal = false;
  std::string meaning;
  double time = 0;       // when it was logged, seconds since the epoch (0: unknown)
};

// The first rule that holds for `version` and matches `line`, or nullptr.
// Compiled patterns are cached per table (tables live as long as the program).
const OutcomeRule* firstMatch(const OutcomeTable& table, const std::string& version, const std::string& line);
// The same for a line whose writer's version is not known (a log without
// its start banner): every rule counts, the line being the evidence.
const OutcomeRule* firstMatchAnyVersion(const OutcomeTable& table, const std::string& line);

// Aliases a scenario may state, standing for several concrete outcomes:
//   id-rejected                = notify:INVALID_ID_INFORMATION | notify:AUTHENTICATION_FAILED | peer-id-mismatch
//   cannot-identify-ourselves  = rejected:cannot-identify-ourselves
// A concrete outcome stands for itself.
std::vector<std::string> expandOutcome(const std::string& outcome);
// Every outcome a scenario may expect: every registered table's outcomes,
// the aliases and "established".
std::vector<std::string> knownOutcomes();

}  // namespace lab::ike

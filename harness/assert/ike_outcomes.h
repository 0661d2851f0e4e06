#pragma once
// IKE outcomes stated as what happened, not as one version's wording:
//   established, notify:AUTHENTICATION_FAILED, notify:INVALID_ID_INFORMATION,
//   notify:NO_PROPOSAL_CHOSEN, rejected:cannot-identify-ourselves,
//   rejected:ikev1-policy, auth-mismatch, peer-id-mismatch, kernel-refused-sa
// Each implementation has one table mapping its log lines to outcomes, with
// the versions the patterns were verified on. Control-interface state
// (established) comes from the daemons' status; the table covers the rest.
#include <string>
#include <vector>

namespace harness::assert {

struct OutcomeRule {
  std::string outcome;
  std::string pattern;   // ECMAScript regex on one log line
  bool terminal = true;  // the negotiation has failed for good (stop waiting)
  std::string meaning;   // one line for the report
};

struct OutcomeTable {
  std::string daemon;                  // "libreswan", "strongswan"
  std::vector<std::string> verifiedOn; // versions these patterns were checked against
  std::vector<OutcomeRule> rules;
};

const std::vector<OutcomeTable>& outcomeTables();
const OutcomeTable* tableFor(const std::string& daemon);
// Every outcome name a scenario may expect: the tables' outcomes, their
// aliases and "established".
std::vector<std::string> knownOutcomes();
// Aliases stand for several concrete outcomes:
//   id-rejected                = notify:INVALID_ID_INFORMATION | notify:AUTHENTICATION_FAILED | peer-id-mismatch
//   cannot-identify-ourselves  = rejected:cannot-identify-ourselves
// A concrete outcome stands for itself.
std::vector<std::string> expandOutcome(const std::string& outcome);

// One outcome seen in a daemon's log.
struct OutcomeEvent {
  std::string host;
  std::string daemon;
  std::string outcome;
  std::string line;
  bool terminal = false;
  std::string meaning;
};

// Matches log lines of one daemon against its table (first rule wins per line).
std::vector<OutcomeEvent> matchOutcomes(const std::string& host, const std::string& daemon,
                                        const std::vector<std::string>& lines);
// True when `version` is one the daemon's table was verified on.
bool verifiedVersion(const std::string& daemon, const std::string& version);

}  // namespace harness::assert

#include "harness/assert/ike_outcomes.h"

#include <algorithm>
#include <regex>
#include <set>

namespace harness::assert {

const std::vector<OutcomeTable>& outcomeTables() {
  static const std::vector<OutcomeTable> tables = {
      {"libreswan",
       {"4.10"},
       {
           {"rejected:ikev1-policy", R"(global ikev1-policy does not allow IKEv1 connections)", true,
            "this libreswan drops IKEv1 by policy (config setup: ikev1-policy=accept)"},
           {"rejected:cannot-identify-ourselves", R"(we cannot identify ourselves with either end of this connection)",
            true, "left= is not an address of this host"},
           {"notify:INVALID_ID_INFORMATION", R"(notification (payload: )?INVALID_ID_INFORMATION)", true,
            "IKEv1: the peer's declared ID is not the one expected"},
           {"peer-id-mismatch", R"(Peer ID '[^']*' mismatched)", false,
            "the peer declared an ID this side does not expect"},
           {"auth-mismatch", R"(computed hash does not match|mismatch of preshared secrets)", true,
            "authentication data does not verify (wrong pre-shared key or key)"},
           {"notify:AUTHENTICATION_FAILED", R"(AUTHENTICATION_FAILED)", true, "IKE authentication failed"},
           {"notify:NO_PROPOSAL_CHOSEN", R"(NO_PROPOSAL_CHOSEN)", true, "no common proposal or traffic selector"},
           {"notify:TS_UNACCEPTABLE", R"(TS_UNACCEPTABLE|No IKEv2 connection found with compatible Traffic Selectors)",
            true, "the traffic selectors do not match (through a NAT in transport mode, the peer sees the public address)"},
           {"kernel-refused-sa", R"(netlink response for Add SA)", true,
            "the kernel refused the IPsec SA (no ESP support?)"},
           {"no-response", R"(_I\d: retransmission; will wait)", false,
            "the peer does not answer IKE (UDP 500/4500 blocked, or nothing listening)"},
       }},
      {"strongswan",
       {"5.9.8"},
       {
           {"peer-id-mismatch", R"(constraint check failed: identity '[^']*' required|IDir '[^']*' does not match)",
            true, "the peer declared an ID this side does not expect"},
           {"notify:AUTHENTICATION_FAILED", R"(AUTHENTICATION_FAILED|N\(AUTH_FAILED\))", true,
            "IKE authentication failed"},
           {"peer-id-mismatch", R"(no (matching )?peer config found)", false,
            "no connection matches the peer's ID and authentication"},
           {"auth-mismatch", R"(MAC mismatched|verification of AUTH payload .*failed|tried \d+ shared keys? .*failed)",
            true, "authentication data does not verify (wrong pre-shared key or key)"},
           {"notify:NO_PROPOSAL_CHOSEN", R"(NO_PROPOSAL_CHOSEN)", true, "no common proposal or traffic selector"},
           {"notify:TS_UNACCEPTABLE", R"(TS_UNACCEPTABLE|no acceptable traffic selectors found)", true,
            "the traffic selectors do not match (through a NAT in transport mode, the peer sees the public address)"},
           {"rejected:cannot-identify-ourselves", R"(error writing to socket: Network is unreachable)", true,
            "local_addrs (left=) is not an address of this host"},
           {"kernel-refused-sa", R"(unable to add SAD entry|unable to install inbound and outbound IPsec SA)", true,
            "the kernel refused the IPsec SA (no ESP support?)"},
           {"no-response", R"(retransmit \d+ of request)", false,
            "the peer does not answer IKE (UDP 500/4500 blocked, or nothing listening)"},
       }},
  };
  return tables;
}

const OutcomeTable* tableFor(const std::string& daemon) {
  for (const auto& t : outcomeTables())
    if (t.daemon == daemon) return &t;
  return nullptr;
}

std::vector<std::string> expandOutcome(const std::string& outcome) {
  if (outcome == "id-rejected")
    return {"notify:INVALID_ID_INFORMATION", "notify:AUTHENTICATION_FAILED", "peer-id-mismatch"};
  if (outcome == "cannot-identify-ourselves") return {"rejected:cannot-identify-ourselves"};
  return {outcome};
}

std::vector<std::string> knownOutcomes() {
  std::set<std::string> s{"established", "id-rejected", "cannot-identify-ourselves"};
  for (const auto& t : outcomeTables())
    for (const auto& r : t.rules) s.insert(r.outcome);
  return {s.begin(), s.end()};
}

std::vector<OutcomeEvent> matchOutcomes(const std::string& host, const std::string& daemon,
                                        const std::vector<std::string>& lines) {
  std::vector<OutcomeEvent> out;
  const OutcomeTable* t = tableFor(daemon);
  if (!t) return out;
  static thread_local std::vector<std::pair<const OutcomeRule*, std::regex>> compiled;
  static thread_local std::string compiledFor;
  if (compiledFor != daemon) {
    compiled.clear();
    for (const auto& r : t->rules) compiled.emplace_back(&r, std::regex(r.pattern));
    compiledFor = daemon;
  }
  for (const auto& line : lines)
    for (const auto& [rule, re] : compiled)
      if (std::regex_search(line, re)) {
        out.push_back({host, daemon, rule->outcome, line, rule->terminal, rule->meaning});
        break;
      }
  return out;
}

bool verifiedVersion(const std::string& daemon, const std::string& version) {
  const OutcomeTable* t = tableFor(daemon);
  return t && std::find(t->verifiedOn.begin(), t->verifiedOn.end(), version) != t->verifiedOn.end();
}

}  // namespace harness::assert

// strongSwan's outcome table: charon's log lines → outcomes, by version.
// Checked on the real daemons: 5.9.8 (this machine's, and bookworm's root)
// and 6.0.1 (trixie's root); their lines are tests/unit/strongswan_release_test.cpp.
// Between them charon's wording of these lines did not change (6.0's NEWS
// and a diff of the two tags' DBG1 lines agree): no rule needs a version
// range. What 6.0 adds, its XFRM-interface probe at startup ("failed to
// create XFRM interface 'xfrmi-test-…'" on kernels without them), matches
// no rule on purpose.
#include "lab/ike/strongswan/strongswan.h"

namespace lab::ike::strongswan {

const OutcomeTable& outcomeTable() {
  static const OutcomeTable table = {
      {"5.9.8", "6.0.1"},
      {
          {"peer-id-mismatch", R"(constraint check failed: identity '[^']*' required|IDir '[^']*' does not match)",
           true, "the peer declared an ID this side does not expect"},
          {"notify:AUTHENTICATION_FAILED", R"(AUTHENTICATION_FAILED|N\(AUTH_FAILED\))", true,
           "IKE authentication failed"},
          {"peer-id-mismatch", R"(no (matching )?peer config found)", false,
           "no connection matches the peer's ID and authentication"},
          {"auth-mismatch", R"(MAC mismatched|verification of AUTH payload .*failed|tried \d+ shared keys? .*failed)",
           true, "authentication data does not verify (wrong pre-shared key or key)"},
          // The responder says it as "received proposals unacceptable" and
          // sends N(NO_PROP); the initiator logs the notify's full name.
          {"notify:NO_PROPOSAL_CHOSEN", R"(NO_PROPOSAL_CHOSEN|received proposals unacceptable|N\(NO_PROP\))", true,
           "no common proposal or traffic selector"},
          {"notify:TS_UNACCEPTABLE", R"(TS_UNACCEPTABLE|no acceptable traffic selectors found)", true,
           "the traffic selectors do not match (through a NAT in transport mode, the peer sees the public address)"},
          {"rejected:cannot-identify-ourselves", R"(error writing to socket: Network is unreachable)", true,
           "local_addrs (left=) is not an address of this host"},
          {"kernel-refused-sa", R"(unable to add SAD entry|unable to install inbound and outbound IPsec SA)", true,
           "the kernel refused the IPsec SA (no ESP support?)"},
          {"no-response", R"(retransmit \d+ of request)", false,
           "the peer does not answer IKE (UDP 500/4500 blocked, or nothing listening)"},
      }};
  return table;
}

}  // namespace lab::ike::strongswan

// libreswan's outcome table: pluto's log lines → outcomes, by version.
//
// verifiedOn lists the versions whose real pluto logs these rules were
// checked against (the fixtures in tests/unit/lsw_version_lines_test.cpp are
// copied from those runs: bullseye 4.3, bookworm 4.10, trixie 5.2). A rule
// with a VersionRange holds only there; the ranges come from libreswan's git
// history (the tag a wording first or last appears in). Any other version
// runs too, with a note naming what is unverified for it (unverifiedNote).
#include "lab/ike/libreswan/libreswan.h"

namespace lab::ike::libreswan {

const OutcomeTable& outcomeTable() {
  static const OutcomeTable table = {
      {"4.3", "4.10", "5.2"},
      {
          // addconn refusing an IKEv1 conn: 4.5 and later (connections.c).
          {"rejected:ikev1-policy", R"(global ikev1-policy does not allow IKEv1 connections)", true,
           "this libreswan drops IKEv1 by policy (config setup: ikev1-policy=accept)", {"4.5", ""}},
          // The responder side: an IKEv1 packet dropped unanswered (demux.c);
          // "policy" until 4.x, "global policy" from 5.0.
          {"rejected:ikev1-policy", R"(ignoring IKEv1 packet as policy is set to silently drop all IKEv1 packets)",
           true, "this libreswan drops IKEv1 packets by policy (config setup: ikev1-policy=accept)", {"4.5", "4.99"}},
          {"rejected:ikev1-policy",
           R"(ignoring IKEv1 packet as global policy is set to silently drop all IKEv1 packets)", true,
           "this libreswan drops IKEv1 packets by policy (config setup: ikev1-policy=accept)", {"5.0", ""}},
          {"rejected:cannot-identify-ourselves", R"(we cannot identify ourselves with either end of this connection)",
           true, "left= is not an address of this host"},
          {"notify:INVALID_ID_INFORMATION", R"(notification (payload: )?INVALID_ID_INFORMATION)", true,
           "IKEv1: the peer's declared ID is not the one expected"},
          {"peer-id-mismatch", R"(Peer ID '[^']*' mismatched)", false,
           "the peer declared an ID this side does not expect"},
          // The article's stage-2 line (libreswan 3.x-4.5: gone from 4.6 on).
          // Printed by the IKEv1 Main Mode initiator (ikev1_decode_peer_id,
          // initiator branch) when the responder's ID is not its rightid=;
          // it then sends INVALID_ID_INFORMATION. A Main Mode responder
          // looks for a better connection instead and logs no such line.
          {"peer-id-mismatch", R"(we require IKEv1 peer to have ID '[^']*', but peer declares '[^']*')", true,
           "IKEv1 initiator: the responder declared an ID other than the one this side expects (rightid=)",
           {"", "4.5"}},
          // "authentication failed: computed hash does not match" from 4.4
          // on (4.3 has only the PSK guess).
          {"auth-mismatch", R"(computed hash does not match|mismatch of preshared secrets)", true,
           "authentication data does not verify (wrong pre-shared key or key)"},
          {"notify:AUTHENTICATION_FAILED", R"(AUTHENTICATION_FAILED)", true, "IKE authentication failed"},
          {"notify:NO_PROPOSAL_CHOSEN", R"(NO_PROPOSAL_CHOSEN)", true, "no common proposal or traffic selector"},
          // The responder's own line: "No IKEv2 ..." 4.5-4.x, "no IKEv2 ..."
          // from 5.0 (ikev2_ts.c); 4.3 logs only the notification.
          {"notify:TS_UNACCEPTABLE", R"(TS_UNACCEPTABLE)", true,
           "the traffic selectors do not match (through a NAT in transport mode, the peer sees the public address)"},
          {"notify:TS_UNACCEPTABLE", R"(No IKEv2 connection found with compatible Traffic Selectors)", true,
           "the traffic selectors do not match (through a NAT in transport mode, the peer sees the public address)",
           {"4.5", "4.99"}},
          {"notify:TS_UNACCEPTABLE", R"(no IKEv2 connection found with compatible Traffic Selectors)", true,
           "the traffic selectors do not match (through a NAT in transport mode, the peer sees the public address)",
           {"5.0", ""}},
          {"kernel-refused-sa", R"(netlink response for Add SA)", true,
           "the kernel refused the IPsec SA (no ESP support?)"},
          // The state's short name: "STATE_MAIN_I1", "STATE_PARENT_I2" (4.x),
          // "IKE_SA_INIT_I", "IKE_AUTH_I" (5.1+, IKEv2 names lost STATE_V2_
          // and the number).
          {"no-response", R"(_I\d?: retransmission; will wait)", false,
           "the peer does not answer IKE (UDP 500/4500 blocked, or nothing listening)"},
      }};
  return table;
}

}  // namespace lab::ike::libreswan

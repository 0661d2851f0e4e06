// libreswan's outcome table: pluto's log lines → outcomes, by version.
#include "lab/ike/libreswan/libreswan.h"

namespace lab::ike::libreswan {

const OutcomeTable& outcomeTable() {
  static const OutcomeTable table = {
      {"4.3", "4.10"},
      {
          {"rejected:ikev1-policy", R"(global ikev1-policy does not allow IKEv1 connections)", true,
           "this libreswan drops IKEv1 by policy (config setup: ikev1-policy=accept)"},
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
      }};
  return table;
}

}  // namespace lab::ike::libreswan

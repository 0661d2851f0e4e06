#pragma once
// Reads pluto's state list (`whack --showstates`) for one connection.
// libreswan 4.x prefixes each line with a numeric code and names every
// state STATE_...:
//   000 #5: "gre1":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); ...
//   000 #2: "gre1"[1] 1.2.3.4:4500 STATE_QUICK_R2 (IPsec SA established); ...
// libreswan 5.x drops the code (5.0), and from 5.1 names IKEv2 states
// without their STATE_V2_ prefix (IKEv1 keeps STATE_):
//   #1: "gre1":500 ESTABLISHED_IKE_SA (established IKE SA); ...
//   #2: "gre1"[2] 1.0.0.4:500 ESTABLISHED_CHILD_SA (established Child SA); ...
// The parser reads both; states are reported in the 4.x spelling.
#include <string>
#include <string_view>
#include <vector>

#include "lab/ike/ike_daemon.h"

namespace lab::ike::libreswan {

struct PlutoState {
  int serial = 0;       // #N
  std::string conn;     // "gre1" (instance suffix dropped)
  std::string state;    // "STATE_MAIN_I4", "STATE_V2_ESTABLISHED_IKE_SA" (canonical)
};

// "ESTABLISHED_IKE_SA" (5.1+) → "STATE_V2_ESTABLISHED_IKE_SA"; a STATE_
// name stays as it is.
std::string canonicalState(const std::string& state);

std::vector<PlutoState> parseShowStates(std::string_view showStates);

// IKEv1 ISAKMP SA (STATE_MAIN_I4/R3, STATE_AGGR_I2/R2) or IKEv2 IKE SA
// (STATE_V2_ESTABLISHED_IKE_SA) established.
bool isIkeEstablished(std::string_view state);
// IKEv1 Quick Mode done (STATE_QUICK_I2/R2) or IKEv2 STATE_V2_ESTABLISHED_CHILD_SA.
bool isChildEstablished(std::string_view state);

// ikeUp/childUp for `conn`; detail names the newest state of each kind,
// e.g. "IKE #5 STATE_V2_ESTABLISHED_IKE_SA; no IPsec SA".
SaStatus statusFromShowStates(std::string_view showStates, std::string_view conn);

}  // namespace lab::ike::libreswan

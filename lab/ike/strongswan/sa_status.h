#pragma once
// What charon's list-sa events (VICI list-sas) say about one connection.
// Each event holds one IKE_SA, as a section named after its connection:
//   gre1 { uniqueid=1 version=2 state=ESTABLISHED local-host=1.0.0.4
//          local-id=1.0.0.4 remote-host=1.0.0.5 remote-id=1.0.0.5 ...
//          child-sas { gre1-2 { name=gre1 state=INSTALLED ... } } }
#include <string>
#include <vector>

#include "lab/ike/ike_daemon.h"
#include "lab/ike/strongswan/vici_message.h"

namespace lab::ike {

// ikeUp: an IKE_SA of `conn` is ESTABLISHED; childUp: one of its CHILD_SAs
// is INSTALLED. detail, e.g.
//   "IKE_SA gre1 ESTABLISHED (IKEv2 1.0.0.4[1.0.0.4]...1.0.0.5[1.0.0.5]), CHILD_SA INSTALLED"
//   "no IKE_SA for 'gre1'"
SaStatus saStatusFromListSa(const std::vector<vici::Section>& events, const std::string& conn);

// The unique ids of every IKE_SA in the events whose name (its
// connection's) is not in `keep`.
std::vector<std::string> ikeSaIdsExcept(const std::vector<vici::Section>& events,
                                        const std::vector<std::string>& keep);

}  // namespace lab::ike

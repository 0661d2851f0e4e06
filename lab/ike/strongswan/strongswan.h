#pragma once
// strongSwan as an IkeImplementation (lab/ike/implementation.h): charon per
// host driven over VICI (strongswan_daemon.h), its outcome table
// (outcomes.cpp) and advice in swanctl.conf syntax.
#include <memory>
#include <string>

#include "lab/ike/implementation.h"

namespace lab::ike::strongswan {

std::unique_ptr<IkeImplementation> makeImplementation();
// The registered strongSwan implementation.
const IkeImplementation& implementation();

const OutcomeTable& outcomeTable();
// The connection a charon log line names (`[IKE] <gre1|3> ...`), "" if none.
std::string charonLineConn(const std::string& line);

}  // namespace lab::ike::strongswan

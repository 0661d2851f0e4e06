#pragma once
// strongSwan as an IkeImplementation (lab/ike/implementation.h): charon per
// host driven over VICI (strongswan_daemon.h), its outcome table
// (outcomes.cpp) and advice in swanctl.conf syntax.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lab/ike/implementation.h"

namespace lab::ike::strongswan {

std::unique_ptr<IkeImplementation> makeImplementation();
// The registered strongSwan implementation.
const IkeImplementation& implementation();

const OutcomeTable& outcomeTable();
// The connection a charon log line names (`[IKE] <gre1|3> ...`), "" if none.
std::string charonLineConn(const std::string& line);
// Whether `lines` are charon's log, and the version its start banner names
// ("" when none is in them); nullopt when they are not charon's.
std::optional<std::string> charonLogVersion(const std::vector<std::string>& lines);
// The IDs a charon line says the peer declared and this side expected.
std::optional<IdClaim> charonIdClaim(const std::string& line);

}  // namespace lab::ike::strongswan

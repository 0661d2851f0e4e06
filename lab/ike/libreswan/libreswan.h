#pragma once
// libreswan as an IkeImplementation (lab/ike/implementation.h): pluto per
// host (libreswan_daemon.h), its outcome table (outcomes.cpp), its version
// traits (version_traits.h), a user's own ipsec.conf conns (own_conn.h), and
// advice in ipsec.conf syntax.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lab/ike/implementation.h"

namespace lab::ike::libreswan {

std::unique_ptr<IkeImplementation> makeImplementation();
// The registered libreswan implementation.
const IkeImplementation& implementation();

const OutcomeTable& outcomeTable();
// How long ago a pluto log line was written ("Nov 27 23:04:58.751129: ..."),
// from its time of day; nullopt for lines without sub-second stamps.
std::optional<double> plutoLineAge(const std::string& line);
// The connection a pluto log line names (`"gre1" #3: ...`), "" if none.
std::string plutoLineConn(const std::string& line);
// Whether `lines` are pluto's log, and the version its start banner names
// ("" when none is in them); nullopt when they are not pluto's.
std::optional<std::string> plutoLogVersion(const std::vector<std::string>& lines);
// The IDs a pluto line says the peer declared and this side expected.
std::optional<IdClaim> plutoIdClaim(const std::string& line);

}  // namespace lab::ike::libreswan

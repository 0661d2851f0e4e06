#pragma once
// A stage's IKE ladder (harness/capture/ike_ladder.h): the messages its
// captures saw, each endpoint named by the lab node it belongs to, merged by
// time with the outcome lines the daemons logged during the stage.
#include <vector>

#include "harness/capture/decoder.h"
#include "harness/capture/ike_ladder.h"
#include "lab/core/topology.h"
#include "lab/ike/outcomes.h"

namespace harness::run {

// Hosts by NIC and public address, NATs by their own addresses; a host's
// public address also names the NAT in front of it.
capture::AddressBook addressBook(const lab::TopologySpec& topology);

std::vector<capture::LadderEntry> stageLadder(const lab::TopologySpec& topology,
                                              const std::vector<std::vector<capture::DecodedPacket>>& links,
                                              const std::vector<lab::ike::OutcomeEvent>& events);

}  // namespace harness::run

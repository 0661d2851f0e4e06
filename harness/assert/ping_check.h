#pragma once
// Traffic the scenario generates and judges: ping from a host's namespace.
#include <string>

#include "harness/scenario/scenario_spec.h"
#include "lab/netns/netns.h"

namespace harness::assert {

struct PingVerdict {
  bool pass = false;
  int sent = 0;
  int received = 0;
  std::string detail;  // "3/3 replies" or what went wrong, with ping's output
};

// Runs iputils ping inside `from` (count packets, 0.2 s apart) and compares
// the loss with the check's tolerance.
PingVerdict runPing(const PingCheck& check, const lab::netns::NetNs& from);

// Parses "N packets transmitted, M received" from ping's summary.
bool parsePingSummary(const std::string& out, int& sent, int& received);

}  // namespace harness::assert

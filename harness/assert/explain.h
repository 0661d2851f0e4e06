#pragma once
// Explains an IKE failure the way a colleague would: what each side
// declared and expected, and the fix in the implementation's own syntax.
#include <optional>
#include <string>
#include <vector>

#include "harness/assert/ike_outcomes.h"
#include "lab/ike/conn_spec.h"

namespace harness::assert {

// One end as configured for the stage.
struct EndView {
  std::string host;
  std::string daemon;           // "libreswan", "strongswan"
  lab::ike::ConnSpec conn;      // left = this host
  std::string nicAddress;       // what %defaultroute resolves to
  std::optional<std::string> publicAddress;  // 1:1 NAT address, if behind one
};

// The ID a host declares: leftid, else its left address (%defaultroute and
// %any resolve to the NIC address).
std::string declaredId(const EndView& e);
// The ID a host expects from its peer: rightid, else right.
std::string expectedPeerId(const EndView& e);

// Empty when nothing in `events` calls for an explanation.
std::string explain(const std::vector<OutcomeEvent>& events, const EndView& a, const EndView& b);

}  // namespace harness::assert

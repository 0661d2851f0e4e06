#pragma once
// Explains an IKE failure the way a colleague would: what each side
// declared and expected, and the fix in the implementation's own syntax.
#include <optional>
#include <string>
#include <vector>

#include "lab/ike/conn_spec.h"
#include "lab/ike/implementation.h"
#include "lab/ike/outcomes.h"

namespace harness::assert {

// One end as configured for the stage.
struct EndView {
  std::string host;
  const lab::ike::IkeImplementation* impl = nullptr;  // its daemon (fixes in its syntax)
  std::string version;          // its daemon's version
  lab::ike::ConnSpec conn;      // left = this host
  std::string nicAddress;       // what %defaultroute resolves to
  std::optional<std::string> publicAddress;  // 1:1 NAT address, if behind one
};

// The ID a host declares: leftid, else its left address (%defaultroute and
// %any resolve to the NIC address).
std::string declaredId(const EndView& e);
// The ID a host expects from its peer: rightid, else right.
std::string expectedPeerId(const EndView& e);

// Empty when nothing in `events` (of this connection's ends) calls for an
// explanation.
std::string explain(const std::vector<lab::ike::OutcomeEvent>& events, const EndView& a, const EndView& b);

}  // namespace harness::assert

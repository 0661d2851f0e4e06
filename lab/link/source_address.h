#pragma once
// The source address the kernel of a namespace would pick towards a
// destination (what `ip route get <dst>` prints as "src"), asked without a
// subprocess and without sending anything: a UDP socket connected inside the
// namespace, then getsockname().
#include <optional>
#include <string>

#include "lab/netns/netns.h"

namespace lab::link {

// nullopt when the namespace has no route to `to` (or `to` is not IPv4).
std::optional<std::string> sourceAddressTowards(const netns::NetNs& ns, const std::string& to);

}  // namespace lab::link

#pragma once
// Whether a kernel takes an ESP state: one XFRM_MSG_NEWSA over netlink in a
// (scratch) namespace, in-process (what `ip xfrm state add ... proto esp`
// sends; no exec, which costs tens of milliseconds under UML).
#include <string>

namespace lab::netns {
class NetNs;
}

namespace lab::kernel::host {

// "" when the state was added (and is left to die with the namespace),
// else the kernel's answer ("Protocol not supported").
std::string probeEsp(const netns::NetNs& ns);

}  // namespace lab::kernel::host

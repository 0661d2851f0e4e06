#pragma once
// sysctls of a network namespace. /proc/sys/net follows the network namespace
// of the thread that opens the file, so the write happens on a thread inside
// the namespace (netns::runIn).
#include <string>
#include <utility>
#include <vector>

namespace lab::netns {
class NetNs;
}

namespace lab::sys {

// key in dotted form, e.g. "net.ipv4.ip_forward", or slash form
// ("net/ipv4/conf/<iface>/rp_filter") when a component contains a dot.
// Throws Error on failure.
void setSysctl(const netns::NetNs& ns, const std::string& key, const std::string& value);
// Several at once, in order, from one thread inside the namespace (a thread
// per write costs more than the writes under UML). Stops at the first failure.
void setSysctls(const netns::NetNs& ns, const std::vector<std::pair<std::string, std::string>>& settings);
std::string getSysctl(const netns::NetNs& ns, const std::string& key);

}  // namespace lab::sys

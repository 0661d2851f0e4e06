#pragma once
// Naming rules for scenario names, lab names, nodes and interfaces.
#include <string>
#include <string_view>

namespace harness::scenario {

inline constexpr std::size_t kMaxLabName = 20;
inline constexpr std::size_t kMaxIfName = 15;    // IFNAMSIZ - 1
inline constexpr std::size_t kMaxNodeName = 15;

// Each returns "" when the name is fine, else what is wrong with it.
// Lab and scenario names: [a-z0-9][a-z0-9-]*, at most 20 characters.
std::string labNameProblem(std::string_view name);
// Hosts and NATs: [A-Za-z0-9][A-Za-z0-9_-]*, at most 15; not router or sw.
std::string nodeNameProblem(std::string_view name);
// Interfaces (host NICs, tunnels, segments): [A-Za-z0-9_][A-Za-z0-9_.-]*,
// at most 15; not lo.
std::string ifNameProblem(std::string_view name);
// Debian releases (a host's release:, --release): a codename or suite,
// [a-z]+ (bullseye, bookworm, trixie, sid, oldstable), at most 20. Whether
// the archive serves it is learnt when its root is built (exit 3).
std::string releaseNameProblem(std::string_view name);

}  // namespace harness::scenario

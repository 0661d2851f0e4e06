#pragma once
// The UML kernel's ptrace shim (xstate_shim/), carried inside labrun so that
// a labrun binary copied anywhere (an unprivileged user's copy, a runner)
// still boots guests on CPUs with AVX-512 or AMX.
#include <filesystem>

namespace lab::kernel::uml {

// Writes the shim into `dir` (once) and returns its path, for LD_PRELOAD.
std::filesystem::path writeXstateShim(const std::filesystem::path& dir);

}  // namespace lab::kernel::uml

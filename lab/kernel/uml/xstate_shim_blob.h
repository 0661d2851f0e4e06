#pragma once
// The UML kernel's ptrace shim (xstate_shim/), carried inside labrun so that
// a labrun binary copied anywhere (an unprivileged user's copy, a runner)
// still boots guests on CPUs with AVX-512 or AMX.
#include <filesystem>

namespace lab::kernel::uml {

// The FPU state Debian's UML kernels (6.1, 6.12) move per task switch.
constexpr unsigned kUmlXsaveBytes = 832;
// This CPU's XSAVE image (CPUID 0xD): larger than kUmlXsaveBytes on a CPU
// with AVX-512 or AMX, where guests need the shim.
unsigned hostXsaveBytes();

// Writes the shim into `dir` (once) and returns its path, for LD_PRELOAD.
std::filesystem::path writeXstateShim(const std::filesystem::path& dir);

}  // namespace lab::kernel::uml

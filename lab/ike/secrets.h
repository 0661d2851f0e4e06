#pragma once
// Per-run secrets for the lab's connections.
#include <string>

namespace lab::ike {

// 32 bytes from the kernel's CSPRNG (getrandom(2)), as 64 hex digits: a
// fresh PSK, a quote-free token in every config syntax (never printed).
std::string randomPsk();

}  // namespace lab::ike

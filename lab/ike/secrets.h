#pragma once
// Per-run secrets for the lab's connections.
#include <string>

namespace lab::ike {

// 32 random bytes from OpenSSL's CSPRNG, base64: a fresh PSK (never printed).
std::string randomPsk();

}  // namespace lab::ike

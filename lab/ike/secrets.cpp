#include "lab/ike/secrets.h"

#include <sys/random.h>

#include <cerrno>

#include "lab/sys/error.h"

namespace lab::ike {

// getrandom(2), not OpenSSL: the kernel's CSPRNG is what OpenSSL seeds from,
// and linking libcrypto into labrun cost every UML guest ~0.5 s of start-up
// (loading and relocating it under UML's expensive page faults; measured
// with ci/bench's gre-plain boot time).
std::string randomPsk() {
  unsigned char raw[32];
  std::size_t got = 0;
  while (got < sizeof raw) {
    const ssize_t n = ::getrandom(raw + got, sizeof raw - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) sys::throwErrno("getrandom (a PSK)");
    got += static_cast<std::size_t>(n);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string psk;
  for (unsigned char b : raw) {
    psk += kHex[b >> 4];
    psk += kHex[b & 15];
  }
  return psk;
}

}  // namespace lab::ike

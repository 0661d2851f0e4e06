#include "lab/ike/secrets.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "lab/sys/error.h"

namespace lab::ike {

std::string randomPsk() {
  unsigned char raw[32];
  if (RAND_bytes(raw, sizeof raw) != 1) throw sys::Error("OpenSSL RAND_bytes failed: no randomness for a PSK");
  unsigned char b64[4 * ((sizeof raw + 2) / 3) + 1];
  const int n = EVP_EncodeBlock(b64, raw, sizeof raw);
  std::string psk(reinterpret_cast<char*>(b64), static_cast<std::size_t>(n));
  while (!psk.empty() && psk.back() == '=') psk.pop_back();  // a quote-free token in every config syntax
  return psk;
}

}  // namespace lab::ike

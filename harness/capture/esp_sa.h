#pragma once
// One ESP security association as the kernel holds it (read from XFRM
// netlink, xfrm_counters.h), with its keys: enough to decrypt and
// authenticate its packets (esp_crypto.h) and to tell Wireshark how
// (esp_wireshark.h). Keys never leave memory except into 0600 files.
#include <cstdint>
#include <string>
#include <vector>

#include "lab/core/ip.h"

namespace harness::capture {

struct EspSa {
  std::uint32_t spi = 0;
  lab::Ip4 src, dst;
  // Kernel algorithm names: aead "rfc4106(gcm(aes))", "rfc7539esp(chacha20,poly1305)";
  // crypt "cbc(aes)", "ecb(cipher_null)"; auth "hmac(sha1)", "hmac(sha256)", ...
  std::string aead, crypt, auth;
  std::vector<std::uint8_t> aeadKey, cryptKey, authKey;  // AEAD keys end with their 4-byte salt
  unsigned icvBits = 0;    // AEAD ICV length
  unsigned truncBits = 0;  // authentication ICV length (XFRMA_ALG_AUTH_TRUNC; 96 for plain XFRMA_ALG_AUTH)
  bool esn = false;        // extended sequence numbers (XFRM_STATE_ESN)
  std::uint16_t encapSport = 0, encapDport = 0;  // UDP encapsulation ports (0: none)

  // "spi 0x0000c1a4 1.0.0.4 > 1.0.0.5 rfc4106(gcm(aes)) icv 128, udp 4500>4500, esn"
  // (algorithms and lengths; never a key).
  std::string describe() const;
};

}  // namespace harness::capture

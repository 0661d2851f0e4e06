#pragma once
// ESP decryption with OpenSSL's libcrypto, the ICV always verified:
//   AEAD  rfc4106(gcm(aes)) (RFC 4106, ICV 8/12/16, salt = the key's last 4 bytes),
//         rfc7539esp(chacha20,poly1305) (RFC 7634)
//   else  cbc(aes) or ecb(cipher_null) with hmac(sha1) 96, hmac(sha256) 128,
//         hmac(sha384) 192, hmac(sha512) 256 (RFC 2404, RFC 4868)
// With ESN (RFC 4303 2.2.1) the sequence number's high 32 bits enter the ICV;
// they are not on the wire, and the lab never sends 2^32 packets: 0.
//
// EspKeyring: the SAs of a run (every host, every stage), looked up by SPI
// and the ESP packet's destination, else by SPI alone (behind a NAT the
// destination on one side of it is not the SA's).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "harness/capture/esp_sa.h"

namespace harness::capture {

enum class EspStatus {
  Decrypted,    // ICV verified, padding well-formed
  IcvFailed,    // the ICV does not match: corrupted, or not this SA's keys
  NoSa,         // no SA with this SPI was read from any host
  Unsupported,  // an algorithm esp_crypto does not implement (named in the note)
  Malformed,    // too short for the SA's IV and ICV, or bad padding after a good ICV
};
// The token inside the brackets when the packet was not decrypted:
// "icv-failed", "no-sa", "unsupported", "undecryptable" ("" for Decrypted).
const char* espStatusToken(EspStatus s);

struct EspPlain {
  EspStatus status = EspStatus::Malformed;
  std::uint8_t nextHeader = 0;            // IP protocol number of what was inside
  std::vector<std::uint8_t> payload;      // without padding, pad length, next header
  std::string note;                       // why it was not decrypted
};

// esp: the ESP packet from its SPI to the end of its ICV.
EspPlain decryptEsp(const EspSa& sa, std::span<const std::uint8_t> esp);

class EspKeyring {
 public:
  // A known (SPI, destination) is replaced (the same SA read again).
  void add(EspSa sa);
  const EspSa* find(std::uint32_t spi, const lab::Ip4& dst) const;
  const std::vector<EspSa>& sas() const { return sas_; }
  bool empty() const { return sas_.empty(); }

 private:
  std::vector<EspSa> sas_;
};

}  // namespace harness::capture

#include "harness/capture/esp_crypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "lab/sys/c_free.h"

namespace harness::capture {
namespace {

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, lab::sys::CFree<EVP_CIPHER_CTX_free>>;
using Bytes = std::vector<std::uint8_t>;
constexpr std::size_t kHeader = 8;  // SPI + sequence number

EspPlain fail(EspStatus s, std::string note) {
  EspPlain p;
  p.status = s;
  p.note = std::move(note);
  return p;
}

// Header and the sequence number's high half as the ICV covers them: AEAD AAD
// is SPI [| seq hi] | seq lo (RFC 4106 5, RFC 7634 2.1); HMAC appends seq hi.
Bytes aad(std::span<const std::uint8_t> esp, bool esn) {
  Bytes a(esp.begin(), esp.begin() + 4);
  if (esn) a.insert(a.end(), 4, 0);
  a.insert(a.end(), esp.begin() + 4, esp.begin() + 8);
  return a;
}

// Strips padding, pad length and next header off a decrypted payload.
EspPlain unpad(Bytes plain) {
  if (plain.size() < 2) return fail(EspStatus::Malformed, "decrypted payload shorter than its trailer");
  const std::size_t padLen = plain[plain.size() - 2];
  if (padLen + 2 > plain.size()) return fail(EspStatus::Malformed, "pad length beyond the payload");
  EspPlain p;
  p.status = EspStatus::Decrypted;
  p.nextHeader = plain.back();
  plain.resize(plain.size() - 2 - padLen);
  p.payload = std::move(plain);
  return p;
}

const EVP_CIPHER* aesGcm(std::size_t keyLen) {
  switch (keyLen) {
    case 16: return EVP_aes_128_gcm();
    case 24: return EVP_aes_192_gcm();
    case 32: return EVP_aes_256_gcm();
    default: return nullptr;
  }
}

const EVP_CIPHER* aesCbc(std::size_t keyLen) {
  switch (keyLen) {
    case 16: return EVP_aes_128_cbc();
    case 24: return EVP_aes_192_cbc();
    case 32: return EVP_aes_256_cbc();
    default: return nullptr;
  }
}

EspPlain aeadDecrypt(const EspSa& sa, std::span<const std::uint8_t> esp) {
  const bool chacha = sa.aead == "rfc7539esp(chacha20,poly1305)";
  if (sa.aead != "rfc4106(gcm(aes))" && !chacha) return fail(EspStatus::Unsupported, "AEAD " + sa.aead);
  if (sa.aeadKey.size() < 4) return fail(EspStatus::Unsupported, sa.aead + " key without its salt");
  const std::size_t keyLen = sa.aeadKey.size() - 4;
  const EVP_CIPHER* cipher = chacha ? (keyLen == 32 ? EVP_chacha20_poly1305() : nullptr) : aesGcm(keyLen);
  if (!cipher) return fail(EspStatus::Unsupported, sa.aead + " with a " + std::to_string(keyLen * 8) + "-bit key");
  const std::size_t icv = sa.icvBits / 8, iv = 8;
  if (chacha ? icv != 16 : (icv != 8 && icv != 12 && icv != 16))
    return fail(EspStatus::Unsupported, sa.aead + " with a " + std::to_string(sa.icvBits) + "-bit ICV");
  if (esp.size() < kHeader + iv + icv) return fail(EspStatus::Malformed, "shorter than ESP header, IV and ICV");

  Bytes nonce(sa.aeadKey.end() - 4, sa.aeadKey.end());
  nonce.insert(nonce.end(), esp.begin() + kHeader, esp.begin() + kHeader + iv);
  const auto ct = esp.subspan(kHeader + iv, esp.size() - kHeader - iv - icv);
  Bytes tag(esp.end() - static_cast<std::ptrdiff_t>(icv), esp.end());
  const Bytes a = aad(esp, sa.esn);

  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int n = 0, fin = 0;
  Bytes out(ct.size() + 16);
  bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), cipher, nullptr, nullptr, nullptr) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_IVLEN, 12, nullptr) == 1 &&
            EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, sa.aeadKey.data(), nonce.data()) == 1 &&
            EVP_DecryptUpdate(ctx.get(), nullptr, &n, a.data(), static_cast<int>(a.size())) == 1 &&
            EVP_DecryptUpdate(ctx.get(), out.data(), &n, ct.data(), static_cast<int>(ct.size())) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(icv), tag.data()) == 1;
  if (!ok) return fail(EspStatus::Unsupported, "libcrypto refused " + sa.aead);
  if (EVP_DecryptFinal_ex(ctx.get(), out.data() + n, &fin) != 1)
    return fail(EspStatus::IcvFailed, sa.aead + " ICV does not match");
  out.resize(static_cast<std::size_t>(n + fin));
  return unpad(std::move(out));
}

const EVP_MD* hmacDigest(const std::string& auth) {
  if (auth == "hmac(sha1)") return EVP_sha1();
  if (auth == "hmac(sha256)") return EVP_sha256();
  if (auth == "hmac(sha384)") return EVP_sha384();
  if (auth == "hmac(sha512)") return EVP_sha512();
  return nullptr;
}

EspPlain cbcDecrypt(const EspSa& sa, std::span<const std::uint8_t> esp) {
  const EVP_MD* md = hmacDigest(sa.auth);
  if (!md) return fail(EspStatus::Unsupported, "authentication " + (sa.auth.empty() ? "none" : sa.auth));
  const bool null = sa.crypt == "ecb(cipher_null)";
  const EVP_CIPHER* cipher = null ? nullptr : sa.crypt == "cbc(aes)" ? aesCbc(sa.cryptKey.size()) : nullptr;
  if (!null && !cipher) return fail(EspStatus::Unsupported, "encryption " + sa.crypt);
  const std::size_t icv = sa.truncBits / 8, iv = null ? 0 : 16;
  if (icv == 0 || icv > static_cast<std::size_t>(EVP_MD_get_size(md)))
    return fail(EspStatus::Unsupported, sa.auth + " truncated to " + std::to_string(sa.truncBits) + " bits");
  if (esp.size() < kHeader + iv + icv) return fail(EspStatus::Malformed, "shorter than ESP header, IV and ICV");

  const auto covered = esp.first(esp.size() - icv);
  Bytes input(covered.begin(), covered.end());
  if (sa.esn) input.insert(input.end(), 4, 0);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned macLen = 0;
  if (!HMAC(md, sa.authKey.data(), static_cast<int>(sa.authKey.size()), input.data(), input.size(), mac, &macLen))
    return fail(EspStatus::Unsupported, "libcrypto refused " + sa.auth);
  if (!std::equal(mac, mac + icv, esp.end() - static_cast<std::ptrdiff_t>(icv)))
    return fail(EspStatus::IcvFailed, sa.auth + " ICV does not match");

  const auto ct = covered.subspan(kHeader + iv);
  if (null) return unpad(Bytes(ct.begin(), ct.end()));
  if (ct.size() % 16 != 0) return fail(EspStatus::Malformed, "ciphertext not a whole number of AES blocks");
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  Bytes out(ct.size() + 16);
  int n = 0, fin = 0;
  bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), cipher, nullptr, sa.cryptKey.data(), esp.data() + kHeader) == 1 &&
            EVP_CIPHER_CTX_set_padding(ctx.get(), 0) == 1 &&
            EVP_DecryptUpdate(ctx.get(), out.data(), &n, ct.data(), static_cast<int>(ct.size())) == 1 &&
            EVP_DecryptFinal_ex(ctx.get(), out.data() + n, &fin) == 1;
  if (!ok) return fail(EspStatus::Malformed, "AES-CBC decryption failed");
  out.resize(static_cast<std::size_t>(n + fin));
  return unpad(std::move(out));
}

}  // namespace

const char* espStatusToken(EspStatus s) {
  switch (s) {
    case EspStatus::Decrypted: return "";
    case EspStatus::IcvFailed: return "icv-failed";
    case EspStatus::NoSa: return "no-sa";
    case EspStatus::Unsupported: return "unsupported";
    case EspStatus::Malformed: return "undecryptable";
  }
  return "undecryptable";
}

EspPlain decryptEsp(const EspSa& sa, std::span<const std::uint8_t> esp) {
  if (esp.size() < kHeader) return fail(EspStatus::Malformed, "shorter than an ESP header");
  return sa.aead.empty() ? cbcDecrypt(sa, esp) : aeadDecrypt(sa, esp);
}

void EspKeyring::add(EspSa sa) {
  for (auto& have : sas_) {
    if (have.spi == sa.spi && have.dst == sa.dst) {
      have = std::move(sa);
      return;
    }
  }
  sas_.push_back(std::move(sa));
}

const EspSa* EspKeyring::find(std::uint32_t spi, const lab::Ip4& dst) const {
  const EspSa* bySpi = nullptr;
  for (const auto& sa : sas_) {
    if (sa.spi != spi) continue;
    if (sa.dst == dst) return &sa;
    if (!bySpi) bySpi = &sa;
  }
  return bySpi;
}

std::string EspSa::describe() const {
  char head[64];
  std::snprintf(head, sizeof head, "spi 0x%08x ", spi);
  std::string s = head + src.str() + " > " + dst.str() + " ";
  if (!aead.empty()) s += aead + " icv " + std::to_string(icvBits);
  else s += crypt + " " + auth + " " + std::to_string(truncBits);
  if (encapSport) s += ", udp " + std::to_string(encapSport) + ">" + std::to_string(encapDport);
  if (esn) s += ", esn";
  return s;
}

}  // namespace harness::capture

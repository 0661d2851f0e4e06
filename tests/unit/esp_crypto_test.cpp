// ESP decryption (esp_crypto.h) on packets built here with libcrypto's
// encrypting side, for every algorithm the decryptor knows; a flipped bit
// fails the ICV. Real captures with the SAs of real runs: esp_fixture_test.
#include "harness/capture/esp_crypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <gtest/gtest.h>

#include "harness/capture/decoder.h"
#include "harness/capture/esp_wireshark.h"
#include "harness/capture/stack_pattern.h"

namespace harness::capture {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes filled(std::size_t n, std::uint8_t start) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(start + i * 7);
  return b;
}

// Payload | padding 1,2,3.. | pad length | next header, to a multiple of block.
Bytes trailer(const Bytes& payload, std::uint8_t next, std::size_t block) {
  Bytes p = payload;
  std::size_t pad = (block - (p.size() + 2) % block) % block;
  for (std::size_t i = 1; i <= pad; ++i) p.push_back(static_cast<std::uint8_t>(i));
  p.push_back(static_cast<std::uint8_t>(pad));
  p.push_back(next);
  return p;
}

Bytes header(std::uint32_t spi, std::uint32_t seq) {
  return {static_cast<std::uint8_t>(spi >> 24), static_cast<std::uint8_t>(spi >> 16), static_cast<std::uint8_t>(spi >> 8),
          static_cast<std::uint8_t>(spi), static_cast<std::uint8_t>(seq >> 24), static_cast<std::uint8_t>(seq >> 16),
          static_cast<std::uint8_t>(seq >> 8), static_cast<std::uint8_t>(seq)};
}

Bytes sealAead(const EspSa& sa, std::uint32_t seq, const Bytes& plain, std::uint8_t next) {
  const bool chacha = sa.aead.find("chacha") != std::string::npos;
  const std::size_t keyLen = sa.aeadKey.size() - 4, icv = sa.icvBits / 8;
  const EVP_CIPHER* c = chacha ? EVP_chacha20_poly1305()
                        : keyLen == 16 ? EVP_aes_128_gcm()
                        : keyLen == 24 ? EVP_aes_192_gcm()
                                       : EVP_aes_256_gcm();
  Bytes out = header(sa.spi, seq);
  Bytes iv = filled(8, 0x40);
  out.insert(out.end(), iv.begin(), iv.end());
  Bytes nonce(sa.aeadKey.end() - 4, sa.aeadKey.end());
  nonce.insert(nonce.end(), iv.begin(), iv.end());
  Bytes aad(out.begin(), out.begin() + 4);
  if (sa.esn) aad.insert(aad.end(), 4, 0);
  aad.insert(aad.end(), out.begin() + 4, out.begin() + 8);
  Bytes pt = trailer(plain, next, 4);
  Bytes ct(pt.size() + 16);
  int n = 0, f = 0;
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  EVP_EncryptInit_ex(ctx, c, nullptr, nullptr, nullptr);
  EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, 12, nullptr);
  EVP_EncryptInit_ex(ctx, nullptr, nullptr, sa.aeadKey.data(), nonce.data());
  EVP_EncryptUpdate(ctx, nullptr, &n, aad.data(), static_cast<int>(aad.size()));
  EVP_EncryptUpdate(ctx, ct.data(), &n, pt.data(), static_cast<int>(pt.size()));
  EVP_EncryptFinal_ex(ctx, ct.data() + n, &f);
  ct.resize(static_cast<std::size_t>(n + f));
  Bytes tag(16);
  EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, static_cast<int>(icv), tag.data());
  EVP_CIPHER_CTX_free(ctx);
  out.insert(out.end(), ct.begin(), ct.end());
  out.insert(out.end(), tag.begin(), tag.begin() + static_cast<std::ptrdiff_t>(icv));
  return out;
}

Bytes sealCbc(const EspSa& sa, std::uint32_t seq, const Bytes& plain, std::uint8_t next) {
  const bool null = sa.crypt == "ecb(cipher_null)";
  Bytes out = header(sa.spi, seq);
  Bytes pt = trailer(plain, next, null ? 4 : 16);
  if (null) {
    out.insert(out.end(), pt.begin(), pt.end());
  } else {
    Bytes iv = filled(16, 0x90);
    out.insert(out.end(), iv.begin(), iv.end());
    const EVP_CIPHER* c = sa.cryptKey.size() == 16 ? EVP_aes_128_cbc() : EVP_aes_256_cbc();
    Bytes ct(pt.size() + 16);
    int n = 0, f = 0;
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    EVP_EncryptInit_ex(ctx, c, nullptr, sa.cryptKey.data(), iv.data());
    EVP_CIPHER_CTX_set_padding(ctx, 0);
    EVP_EncryptUpdate(ctx, ct.data(), &n, pt.data(), static_cast<int>(pt.size()));
    EVP_EncryptFinal_ex(ctx, ct.data() + n, &f);
    EVP_CIPHER_CTX_free(ctx);
    ct.resize(static_cast<std::size_t>(n + f));
    out.insert(out.end(), ct.begin(), ct.end());
  }
  const EVP_MD* md = sa.auth == "hmac(sha1)"     ? EVP_sha1()
                     : sa.auth == "hmac(sha256)" ? EVP_sha256()
                     : sa.auth == "hmac(sha384)" ? EVP_sha384()
                                                 : EVP_sha512();
  Bytes covered = out;
  if (sa.esn) covered.insert(covered.end(), 4, 0);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  HMAC(md, sa.authKey.data(), static_cast<int>(sa.authKey.size()), covered.data(), covered.size(), mac, &len);
  out.insert(out.end(), mac, mac + sa.truncBits / 8);
  return out;
}

EspSa aead(const std::string& name, std::size_t keyBytes, unsigned icvBits, bool esn = false) {
  EspSa sa;
  sa.spi = 0xc0ffee01;
  sa.aead = name;
  sa.aeadKey = filled(keyBytes + 4, 0x11);
  sa.icvBits = icvBits;
  sa.esn = esn;
  return sa;
}

EspSa cbc(const std::string& crypt, std::size_t keyBytes, const std::string& auth, std::size_t authBytes,
          unsigned trunc, bool esn = false) {
  EspSa sa;
  sa.spi = 0xc0ffee02;
  sa.crypt = crypt;
  sa.cryptKey = filled(keyBytes, 0x22);
  sa.auth = auth;
  sa.authKey = filled(authBytes, 0x33);
  sa.truncBits = trunc;
  sa.esn = esn;
  return sa;
}

Bytes seal(const EspSa& sa, const Bytes& plain, std::uint8_t next) {
  return sa.aead.empty() ? sealCbc(sa, 5, plain, next) : sealAead(sa, 5, plain, next);
}

struct Case {
  const char* name;
  EspSa sa;
};

class EspAlgorithms : public ::testing::TestWithParam<Case> {};

TEST_P(EspAlgorithms, DecryptsAndAFlippedBitFailsTheIcv) {
  const EspSa& sa = GetParam().sa;
  const Bytes inner = filled(61, 0x01);
  Bytes esp = seal(sa, inner, 47);
  EspPlain p = decryptEsp(sa, esp);
  ASSERT_EQ(p.status, EspStatus::Decrypted) << p.note;
  EXPECT_EQ(p.nextHeader, 47);
  EXPECT_EQ(p.payload, inner);

  for (std::size_t at : {std::size_t{3}, std::size_t{9}, esp.size() / 2, esp.size() - 1}) {
    Bytes bad = esp;
    bad[at] ^= 0x04;
    EspPlain q = decryptEsp(sa, bad);
    EXPECT_EQ(q.status, EspStatus::IcvFailed) << "bit flipped at byte " << at;
    EXPECT_NE(q.note.find("ICV"), std::string::npos) << q.note;
    EXPECT_TRUE(q.payload.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(
    All, EspAlgorithms,
    ::testing::Values(Case{"gcm128_16", aead("rfc4106(gcm(aes))", 16, 128)},
                      Case{"gcm256_16", aead("rfc4106(gcm(aes))", 32, 128)},
                      Case{"gcm192_12", aead("rfc4106(gcm(aes))", 24, 96)},
                      Case{"gcm128_8", aead("rfc4106(gcm(aes))", 16, 64)},
                      Case{"gcm256_16_esn", aead("rfc4106(gcm(aes))", 32, 128, true)},
                      Case{"chacha20poly1305", aead("rfc7539esp(chacha20,poly1305)", 32, 128)},
                      Case{"aes128_sha1", cbc("cbc(aes)", 16, "hmac(sha1)", 20, 96)},
                      Case{"aes256_sha256", cbc("cbc(aes)", 32, "hmac(sha256)", 32, 128)},
                      Case{"aes256_sha384", cbc("cbc(aes)", 32, "hmac(sha384)", 48, 192)},
                      Case{"aes128_sha512", cbc("cbc(aes)", 16, "hmac(sha512)", 64, 256)},
                      Case{"aes128_sha256_esn", cbc("cbc(aes)", 16, "hmac(sha256)", 32, 128, true)},
                      Case{"null_sha256", cbc("ecb(cipher_null)", 0, "hmac(sha256)", 32, 128)}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(EspCrypto, EsnWithoutTheFlagFailsTheIcv) {
  EspSa sa = cbc("cbc(aes)", 16, "hmac(sha256)", 32, 128, true);
  Bytes esp = seal(sa, filled(20, 3), 4);
  sa.esn = false;
  EXPECT_EQ(decryptEsp(sa, esp).status, EspStatus::IcvFailed);
}

TEST(EspCrypto, UnknownAlgorithmsAreSaidNotSkipped) {
  EspSa sa = cbc("cbc(des3_ede)", 24, "hmac(sha1)", 20, 96);
  Bytes esp(64, 0);
  EspPlain p = decryptEsp(sa, esp);
  EXPECT_EQ(p.status, EspStatus::Unsupported);
  EXPECT_NE(p.note.find("cbc(des3_ede)"), std::string::npos);
  EXPECT_EQ(decryptEsp(aead("rfc4106(gcm(aes))", 16, 128), Bytes(12, 0)).status, EspStatus::Malformed);
}

TEST(EspKeyring, FindsByDestinationThenBySpiAlone) {
  EspKeyring k;
  EspSa a = aead("rfc4106(gcm(aes))", 16, 128);
  a.dst = lab::Ip4::parse("1.0.0.4").value();
  k.add(a);
  EXPECT_NE(k.find(a.spi, a.dst), nullptr);
  EXPECT_NE(k.find(a.spi, lab::Ip4::parse("10.1.0.1").value()), nullptr);  // behind the NAT
  EXPECT_EQ(k.find(a.spi + 1, a.dst), nullptr);
  k.add(a);  // read again: replaced, not doubled
  EXPECT_EQ(k.sas().size(), 1u);
}

// An IPv4 packet 1.0.0.4 > 1.0.0.5 carrying `esp` (protocol 50).
Bytes ipEsp(const Bytes& esp) {
  Bytes ip = {0x45, 0, 0, 0, 0, 1, 0, 0, 64, 50, 0, 0, 1, 0, 0, 4, 1, 0, 0, 5};
  const std::size_t total = ip.size() + esp.size();
  ip[2] = static_cast<std::uint8_t>(total >> 8);
  ip[3] = static_cast<std::uint8_t>(total);
  ip.insert(ip.end(), esp.begin(), esp.end());
  return ip;
}

// GRE (v0, IPv4) carrying IPv4 10.0.0.1 > 10.0.0.2 carrying ICMP.
Bytes greIpIcmp() {
  Bytes b = {0, 0, 0x08, 0x00, 0x45, 0, 0, 28, 0, 1, 0, 0, 64, 1, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
  Bytes icmp = {8, 0, 0, 0, 0, 1, 0, 1};
  b.insert(b.end(), icmp.begin(), icmp.end());
  return b;
}

TEST(EspDecode, InnerStackInBracketsAndPatternsSeeIt) {
  EspSa sa = aead("rfc4106(gcm(aes))", 16, 128);
  EspKeyring keys;
  keys.add(sa);
  const Bytes pkt = ipEsp(seal(sa, greIpIcmp(), 47));
  DecodedPacket p = decode(101, pkt.data(), pkt.size(), pkt.size(), &keys);
  EXPECT_EQ(p.stackStr(), "ip/esp[gre/ip/icmp]");
  EXPECT_EQ(p.summary(), "IP 1.0.0.4 > 1.0.0.5: ESP(spi=0xc0ffee01,seq=0x5) [GREv0 IP 10.0.0.1 > 10.0.0.2: ICMP]");
  EXPECT_TRUE(StackPattern::parse("ip/esp[gre/ip/icmp]")->matches(p.stack, p.inner));
  EXPECT_TRUE(StackPattern::parse("esp[gre/ip/icmp]")->matches(p.stack, p.inner));
  EXPECT_TRUE(StackPattern::parse("ip/esp")->matches(p.stack, p.inner));
  EXPECT_FALSE(StackPattern::parse("ip/esp[ip/icmp]")->matches(p.stack, p.inner));
  EXPECT_FALSE(StackPattern::parse("gre")->matches(p.stack, p.inner));  // never: gre is about the wire

  DecodedPacket plain = decode(101, pkt.data(), pkt.size(), pkt.size());  // no keys: as before
  EXPECT_EQ(plain.stackStr(), "ip/esp");
  EXPECT_FALSE(plain.espStatus);

  Bytes bad = pkt;
  bad[bad.size() - 20] ^= 1;
  DecodedPacket q = decode(101, bad.data(), bad.size(), bad.size(), &keys);
  EXPECT_EQ(q.stackStr(), "ip/esp[icv-failed]");
  EXPECT_EQ(*q.espStatus, EspStatus::IcvFailed);
  EXPECT_NE(q.summary().find("icv-failed: rfc4106(gcm(aes)) ICV does not match"), std::string::npos);

  EspKeyring none;
  DecodedPacket r = decode(101, pkt.data(), pkt.size(), pkt.size(), &none);
  EXPECT_EQ(r.stackStr(), "ip/esp[no-sa]");
  EXPECT_TRUE(StackPattern::parse("esp[no-sa]")->matches(r.stack, r.inner));
}

TEST(EspDecode, BadBracketPatternsAreRefused) {
  std::string err;
  EXPECT_FALSE(StackPattern::parse("ip/gre[ip/icmp]", &err));
  EXPECT_NE(err.find("brackets follow esp"), std::string::npos) << err;
  EXPECT_FALSE(StackPattern::parse("ip/esp[gre/ip", &err));
  EXPECT_FALSE(StackPattern::parse("ip/esp[]", &err));
  EXPECT_FALSE(StackPattern::parse("ip/esp[grr]", &err));
  EXPECT_NE(err.find("did you mean 'gre'"), std::string::npos) << err;
  EXPECT_TRUE(StackPattern::parse("udp4500-esp[gre/ip/icmp]", &err)) << err;
}

TEST(EspWireshark, OneQuotedLinePerSaInWiresharksNames) {
  EspKeyring k;
  EspSa g = aead("rfc4106(gcm(aes))", 16, 128);
  k.add(g);
  k.add(cbc("cbc(aes)", 16, "hmac(sha256)", 4, 128));
  EspSa chacha = aead("rfc7539esp(chacha20,poly1305)", 32, 128);
  chacha.spi = 0xc0ffee03;
  k.add(chacha);
  const std::string t = wiresharkEspSaTable(k);
  EXPECT_NE(t.find("\"IPv4\",\"*\",\"*\",\"0xc0ffee01\",\"AES-GCM with 16 octet ICV [RFC4106]\",\"0x1118"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("\"0xc0ffee02\",\"AES-CBC [RFC3602]\",\"0x2229"), std::string::npos) << t;
  EXPECT_NE(t.find("\"HMAC-SHA-256-128 [RFC4868]\",\"0x333a4148\"\n"), std::string::npos) << t;
  EXPECT_NE(t.find("# 0xc0ffee03: rfc7539esp(chacha20,poly1305)"), std::string::npos) << t;
}

}  // namespace
}  // namespace harness::capture

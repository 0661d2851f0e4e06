#include "lab/ike/pubkey.h"

#include <array>
#include <cctype>

#include "lab/sys/error.h"

namespace lab::ike {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kPemBegin = "-----BEGIN PUBLIC KEY-----";
constexpr std::string_view kPemEnd = "-----END PUBLIC KEY-----";
// rsaEncryption, 1.2.840.113549.1.1.1
constexpr std::array<std::uint8_t, 9> kRsaOid = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};

enum Tag : std::uint8_t { kInteger = 0x02, kBitString = 0x03, kNull = 0x05, kOid = 0x06, kSequence = 0x30 };

[[noreturn]] void fail(const std::string& what) { throw sys::Error("RSA public key: " + what); }

Bytes stripLeadingZeros(Bytes b) {
  std::size_t i = 0;
  while (i < b.size() && b[i] == 0) ++i;
  b.erase(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(i));
  return b;
}

void checkKey(const RsaPublicKey& key) {
  if (key.modulus.empty()) fail("empty modulus");
  if (key.exponent.empty()) fail("empty exponent");
}

// --- DER -------------------------------------------------------------------

void appendLength(Bytes& out, std::size_t n) {
  if (n < 0x80) {
    out.push_back(static_cast<std::uint8_t>(n));
    return;
  }
  Bytes be;
  for (; n > 0; n >>= 8) be.insert(be.begin(), static_cast<std::uint8_t>(n & 0xff));
  out.push_back(static_cast<std::uint8_t>(0x80 | be.size()));
  out.insert(out.end(), be.begin(), be.end());
}

Bytes tlv(std::uint8_t tag, const Bytes& content) {
  Bytes out{tag};
  appendLength(out, content.size());
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

Bytes derInteger(const Bytes& magnitude) {
  Bytes content = stripLeadingZeros(magnitude);
  if (content.empty() || (content[0] & 0x80)) content.insert(content.begin(), 0x00);
  return tlv(kInteger, content);
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// Reads DER TLVs from a byte range; every read checks bounds.
class DerReader {
 public:
  DerReader(const std::uint8_t* p, std::size_t n) : p_(p), end_(p + n) {}
  bool done() const { return p_ == end_; }

  DerReader read(std::uint8_t tag, const char* what) {
    if (p_ == end_) fail(std::string("truncated DER before ") + what);
    if (*p_ != tag) fail(std::string("unexpected DER tag for ") + what);
    ++p_;
    std::size_t len = readLength(what);
    if (static_cast<std::size_t>(end_ - p_) < len) fail(std::string("truncated DER in ") + what);
    DerReader inner(p_, len);
    p_ += len;
    return inner;
  }
  bool peek(std::uint8_t tag) const { return p_ != end_ && *p_ == tag; }
  Bytes rest() const { return Bytes(p_, end_); }

 private:
  std::size_t readLength(const char* what) {
    if (p_ == end_) fail(std::string("truncated DER length of ") + what);
    std::uint8_t first = *p_++;
    if (first < 0x80) return first;
    std::size_t count = first & 0x7f;
    if (count == 0 || count > sizeof(std::size_t) || static_cast<std::size_t>(end_ - p_) < count)
      fail(std::string("bad DER length of ") + what);
    std::size_t len = 0;
    for (std::size_t i = 0; i < count; ++i) len = (len << 8) | *p_++;
    return len;
  }
  const std::uint8_t* p_;
  const std::uint8_t* end_;
};

Bytes readPositiveInteger(DerReader& r, const char* what) {
  Bytes v = r.read(kInteger, what).rest();
  if (v.empty()) fail(std::string("empty INTEGER ") + what);
  if (v[0] & 0x80) fail(std::string("negative INTEGER ") + what);
  return stripLeadingZeros(std::move(v));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::size_t RsaPublicKey::bits() const {
  Bytes m = stripLeadingZeros(modulus);
  if (m.empty()) return 0;
  std::size_t bits = (m.size() - 1) * 8;
  for (std::uint8_t top = m[0]; top; top >>= 1) ++bits;
  return bits;
}

// --- base64 ----------------------------------------------------------------

std::string base64Encode(const Bytes& data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    std::uint32_t v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 0x3f];
  }
  std::size_t left = data.size() - i;
  if (left > 0) {
    std::uint32_t v = data[i] << 16;
    if (left == 2) v |= data[i + 1] << 8;
    out += kAlphabet[(v >> 18) & 0x3f];
    out += kAlphabet[(v >> 12) & 0x3f];
    out += left == 2 ? kAlphabet[(v >> 6) & 0x3f] : '=';
    out += '=';
  }
  return out;
}

Bytes base64Decode(std::string_view text) {
  Bytes out;
  std::uint32_t acc = 0;
  int bits = 0;
  int padding = 0;
  std::size_t symbols = 0;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    if (c == '=') {
      ++padding;
      ++symbols;
      continue;
    }
    if (padding > 0) fail("base64 data after '=' padding");
    const char* pos = std::char_traits<char>::find(kAlphabet, 64, c);
    if (!pos) fail(std::string("invalid base64 character '") + c + "'");
    acc = (acc << 6) | static_cast<std::uint32_t>(pos - kAlphabet);
    bits += 6;
    ++symbols;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xff));
    }
  }
  if (padding > 2 || symbols % 4 != 0) fail("base64 length is not a multiple of 4");
  return out;
}

// --- RFC 3110 --------------------------------------------------------------

RsaPublicKey parseRfc3110(std::string_view text) {
  text = trim(text);
  for (std::string_view prefix : {"leftrsasigkey=", "rightrsasigkey="})
    if (text.substr(0, prefix.size()) == prefix) text.remove_prefix(prefix.size());
  if (text.substr(0, 2) == "0s") text.remove_prefix(2);
  Bytes raw = base64Decode(text);
  if (raw.empty()) fail("empty RFC 3110 key");
  std::size_t at = 1;
  std::size_t expLen = raw[0];
  if (expLen == 0) {  // long form: 0, then a 16-bit length
    if (raw.size() < 3) fail("truncated RFC 3110 exponent length");
    expLen = (static_cast<std::size_t>(raw[1]) << 8) | raw[2];
    at = 3;
  }
  if (expLen == 0 || raw.size() < at + expLen + 1) fail("truncated RFC 3110 key");
  RsaPublicKey key;
  key.exponent = stripLeadingZeros(Bytes(raw.begin() + at, raw.begin() + at + expLen));
  key.modulus = stripLeadingZeros(Bytes(raw.begin() + at + expLen, raw.end()));
  checkKey(key);
  return key;
}

std::string toRfc3110(const RsaPublicKey& key) {
  checkKey(key);
  Bytes e = stripLeadingZeros(key.exponent);
  Bytes m = stripLeadingZeros(key.modulus);
  if (e.size() > 0xffff) fail("exponent longer than RFC 3110 allows");
  Bytes raw;
  if (e.size() <= 0xff) {
    raw.push_back(static_cast<std::uint8_t>(e.size()));
  } else {
    raw = {0, static_cast<std::uint8_t>(e.size() >> 8), static_cast<std::uint8_t>(e.size() & 0xff)};
  }
  raw.insert(raw.end(), e.begin(), e.end());
  raw.insert(raw.end(), m.begin(), m.end());
  return "0s" + base64Encode(raw);
}

// --- SubjectPublicKeyInfo ----------------------------------------------------

Bytes toSubjectPublicKeyInfo(const RsaPublicKey& key) {
  checkKey(key);
  Bytes rsaKey = tlv(kSequence, concat({derInteger(key.modulus), derInteger(key.exponent)}));
  Bytes algorithm = tlv(kSequence, concat({tlv(kOid, Bytes(kRsaOid.begin(), kRsaOid.end())), tlv(kNull, {})}));
  Bytes bitString = concat({Bytes{0x00}, rsaKey});  // no unused bits
  return tlv(kSequence, concat({algorithm, tlv(kBitString, bitString)}));
}

RsaPublicKey parseSubjectPublicKeyInfo(const Bytes& der) {
  DerReader top(der.data(), der.size());
  DerReader spki = top.read(kSequence, "SubjectPublicKeyInfo");
  if (!top.done()) fail("trailing bytes after SubjectPublicKeyInfo");
  DerReader algorithm = spki.read(kSequence, "AlgorithmIdentifier");
  Bytes oid = algorithm.read(kOid, "algorithm OID").rest();
  if (oid != Bytes(kRsaOid.begin(), kRsaOid.end())) fail("not an rsaEncryption key");
  if (algorithm.peek(kNull)) algorithm.read(kNull, "algorithm parameters");
  if (!algorithm.done()) fail("unexpected rsaEncryption parameters");
  Bytes bits = spki.read(kBitString, "subjectPublicKey").rest();
  if (!spki.done()) fail("trailing bytes in SubjectPublicKeyInfo");
  if (bits.empty() || bits[0] != 0) fail("subjectPublicKey has unused bits");
  DerReader outer(bits.data() + 1, bits.size() - 1);
  DerReader rsa = outer.read(kSequence, "RSAPublicKey");
  if (!outer.done()) fail("trailing bytes after RSAPublicKey");
  RsaPublicKey key;
  key.modulus = readPositiveInteger(rsa, "modulus");
  key.exponent = readPositiveInteger(rsa, "publicExponent");
  if (!rsa.done()) fail("trailing bytes in RSAPublicKey");
  checkKey(key);
  return key;
}

std::string toPem(const RsaPublicKey& key) {
  std::string b64 = base64Encode(toSubjectPublicKeyInfo(key));
  std::string out(kPemBegin);
  out += '\n';
  for (std::size_t i = 0; i < b64.size(); i += 64) {
    out += b64.substr(i, 64);
    out += '\n';
  }
  out += kPemEnd;
  out += '\n';
  return out;
}

RsaPublicKey parsePem(std::string_view pem) {
  auto begin = pem.find(kPemBegin);
  if (begin == std::string_view::npos) fail("no \"" + std::string(kPemBegin) + "\" line");
  begin += kPemBegin.size();
  auto end = pem.find(kPemEnd, begin);
  if (end == std::string_view::npos) fail("no \"" + std::string(kPemEnd) + "\" line");
  return parseSubjectPublicKeyInfo(base64Decode(pem.substr(begin, end - begin)));
}

RsaPublicKey publicOfRsaPrivateKeyPem(std::string_view pem) {
  constexpr std::string_view begin = "-----BEGIN RSA PRIVATE KEY-----", end = "-----END RSA PRIVATE KEY-----";
  auto b = pem.find(begin);
  if (b == std::string_view::npos) fail("no \"" + std::string(begin) + "\" line");
  b += begin.size();
  auto e = pem.find(end, b);
  if (e == std::string_view::npos) fail("no \"" + std::string(end) + "\" line");
  const Bytes der = base64Decode(pem.substr(b, e - b));
  DerReader top(der.data(), der.size());
  DerReader rsa = top.read(kSequence, "RSAPrivateKey");
  rsa.read(kInteger, "version");
  RsaPublicKey key;
  key.modulus = readPositiveInteger(rsa, "modulus");
  key.exponent = readPositiveInteger(rsa, "publicExponent");
  checkKey(key);
  return key;
}

PublicKey publicKeyFromRfc3110(std::string_view rfc3110) {
  RsaPublicKey key = parseRfc3110(rfc3110);
  return PublicKey{toPem(key), toRfc3110(key)};
}

PublicKey publicKeyFromPem(std::string_view pem) {
  RsaPublicKey key = parsePem(pem);
  return PublicKey{toPem(key), toRfc3110(key)};
}

}  // namespace lab::ike

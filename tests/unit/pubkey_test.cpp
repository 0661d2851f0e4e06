// RSA public key notations: RFC 3110 ("0sAQ...") ↔ PEM SubjectPublicKeyInfo.
// Cross-checked against libreswan's own output (fixture below) and, when the
// openssl CLI is installed, against `openssl rsa -pubin -text`.
#include <gtest/gtest.h>

#include <regex>

#include "lab/ike/pubkey.h"
#include "lab/sys/error.h"
#include "lab/sys/process.h"

namespace {

using lab::ike::Bytes;
using lab::ike::RsaPublicKey;

// Made by libreswan 4.10 (ipsec newhostkey in a throwaway NSS db):
// showhostkey --left and showhostkey --pem of the same key. Public only.
const char* kLibreswanRfc3110 =
    "0sAwEAAcZpmmoOHJBDg28s+T1bZl8sZcYMP2K6z1P8bQNwMkEjpM7cYR/MVPT7a20756RP8r6NXs60ObPLfzRclUQf"
    "im65zNWntni5VYeY8w045aCcm56N3UxbUXKHkqGNWM9v+YSyR+0ryxqDcwYyOcF4Zm+qI7oxKbtLzKxcyy/cMy65O1"
    "etu9RozfliIqy8YGKsrkLnGLSu/4QXVTbYrPX0zKU7jFX+VBi6tv2UQkOjfUxZ5iwExtJBIwPKFjCRoOGH52JNvwo/"
    "wrXTiE64tN3oCdLUdZeVpadPvA901TlFTn/bnk9A5cmsKSgUCBkzx9GlrjVjtoQCvWS3RZ44ZoQBrL2JhjRph7W/05"
    "uqs2fnE7Wj/X7GnNgOccN2ZbfRo5+iONQiUdFd2qKJErib+B3p18+Ri7vRGCMr+szMM+fz4tsmqEfw1v9vtHpGlZwe"
    "SHfDNPqEFzG7rusYLuFf3+vF9dwEY3aJM7qlQOhgjUSps8CoPdWPNyLQrl1vE6n+9FbB8SeqOtTLZliCXOO2fKbL5S"
    "QGVWvacLkM+UOstQEU2O4ucFBNjG49PRQYBlI+9FJ/qEaC1gWpspny11Jh88d3ZYtJNw==";
const char* kLibreswanPem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIIB5DANBgkqhkiG9w0BAQEFAAOCAdEAMIIBzAKCAcMAxmmaag4ckEODbyz5PVtm\n"
    "Xyxlxgw/YrrPU/xtA3AyQSOkztxhH8xU9PtrbTvnpE/yvo1ezrQ5s8t/NFyVRB+K\n"
    "brnM1ae2eLlVh5jzDTjloJybno3dTFtRcoeSoY1Yz2/5hLJH7SvLGoNzBjI5wXhm\n"
    "b6ojujEpu0vMrFzLL9wzLrk7V6271GjN+WIirLxgYqyuQucYtK7/hBdVNtis9fTM\n"
    "pTuMVf5UGLq2/ZRCQ6N9TFnmLATG0kEjA8oWMJGg4YfnYk2/Cj/CtdOITri03egJ\n"
    "0tR1l5Wlp0+8D3TVOUVOf9ueT0DlyawpKBQIGTPH0aWuNWO2hAK9ZLdFnjhmhAGs\n"
    "vYmGNGmHtb/Tm6qzZ+cTtaP9fsac2A5xw3Zlt9Gjn6I41CJR0V3aookSuJv4HenX\n"
    "z5GLu9EYIyv6zMwz5/Pi2yaoR/DW/2+0ekaVnB5Id8M0+oQXMbuu6xgu4V/f68X1\n"
    "3ARjdokzuqVA6GCNRKmzwKg91Y83ItCuXW8Tqf70VsHxJ6o61MtmWIJc47Z8psvl\n"
    "JAZVa9pwuQz5Q6y1ARTY7i5wUE2Mbj09FBgGUj70Un+oRoLWBamymfLXUmHzx3dl\n"
    "i0k3AgMBAAE=\n"
    "-----END PUBLIC KEY-----\n";

Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

bool haveOpenssl() {
  try {
    lab::sys::findProgram("openssl");
    return true;
  } catch (const lab::sys::Error&) {
    return false;
  }
}

lab::sys::RunResult openssl(const std::vector<std::string>& args, const std::string& input = {}) {
  std::vector<std::string> argv{"openssl"};
  argv.insert(argv.end(), args.begin(), args.end());
  lab::sys::RunOptions o;
  o.stdinText = input;
  o.timeout = std::chrono::seconds(60);
  return lab::sys::run(argv, o);
}

// "Modulus:\n    00:c6:69:..." of `openssl rsa -pubin -text -noout` → bytes.
Bytes opensslModulus(const std::string& text) {
  auto begin = text.find("Modulus:");
  auto end = text.find("Exponent:");
  Bytes out;
  std::string hex;
  for (char c : text.substr(begin + 8, end - begin - 8))
    if (std::isxdigit(static_cast<unsigned char>(c))) hex += c;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  while (!out.empty() && out[0] == 0) out.erase(out.begin());
  return out;
}

}  // namespace

TEST(Pubkey, Base64MatchesRfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"}};
  for (auto [plain, encoded] : vectors) {
    EXPECT_EQ(lab::ike::base64Encode(bytes(plain)), encoded);
    EXPECT_EQ(lab::ike::base64Decode(encoded), bytes(plain));
  }
  EXPECT_EQ(lab::ike::base64Decode("Zm9v\nYmFy\n"), bytes("foobar"));
  EXPECT_THROW(lab::ike::base64Decode("Zm9"), lab::sys::Error);
  EXPECT_THROW(lab::ike::base64Decode("Zm!v"), lab::sys::Error);
  EXPECT_THROW(lab::ike::base64Decode("Zg==Zg=="), lab::sys::Error);
}

TEST(Pubkey, LibreswansTwoNotationsOfOneKeyAgree) {
  RsaPublicKey fromRfc = lab::ike::parseRfc3110(kLibreswanRfc3110);
  RsaPublicKey fromPem = lab::ike::parsePem(kLibreswanPem);
  EXPECT_EQ(fromRfc, fromPem);
  EXPECT_EQ(fromRfc.bits(), 3600u);
  EXPECT_EQ(fromRfc.exponent, (Bytes{0x01, 0x00, 0x01}));
  EXPECT_EQ(lab::ike::toPem(fromRfc), kLibreswanPem);
  EXPECT_EQ(lab::ike::toRfc3110(fromPem), kLibreswanRfc3110);

  auto both = lab::ike::publicKeyFromRfc3110(std::string("leftrsasigkey=") + kLibreswanRfc3110);
  EXPECT_EQ(both.pem, kLibreswanPem);
  EXPECT_EQ(both.rfc3110, kLibreswanRfc3110);
  EXPECT_EQ(lab::ike::publicKeyFromPem(kLibreswanPem).rfc3110, kLibreswanRfc3110);
}

TEST(Pubkey, ExponentLengthEncodings) {
  // The article's keys start "0sAQO": a one-byte exponent 3.
  RsaPublicKey small{Bytes(64, 0xab), Bytes{0x03}};
  std::string text = lab::ike::toRfc3110(small);
  EXPECT_EQ(text.substr(0, 5), "0sAQO");
  EXPECT_EQ(lab::ike::parseRfc3110(text), small);
  // Exponents over 255 bytes take the long form: 0, then a 16-bit length.
  RsaPublicKey big{Bytes(300, 0xcd), Bytes(256, 0x11)};
  Bytes raw = lab::ike::base64Decode(lab::ike::toRfc3110(big).substr(2));
  EXPECT_EQ(raw[0], 0);
  EXPECT_EQ(raw[1], 1);
  EXPECT_EQ(raw[2], 0);
  EXPECT_EQ(lab::ike::parseRfc3110(lab::ike::toRfc3110(big)), big);
  EXPECT_EQ(lab::ike::parsePem(lab::ike::toPem(big)), big);
  // A modulus with its top bit set gets a 0x00 pad in DER, and loses it again.
  RsaPublicKey high{Bytes{0x80, 0x01}, Bytes{0x01, 0x00, 0x01}};
  Bytes der = lab::ike::toSubjectPublicKeyInfo(high);
  EXPECT_EQ(lab::ike::parseSubjectPublicKeyInfo(der), high);
}

TEST(Pubkey, RejectsMalformedKeys) {
  EXPECT_THROW(lab::ike::parseRfc3110("0s"), lab::sys::Error);
  EXPECT_THROW(lab::ike::parseRfc3110("0sAw=="), lab::sys::Error);     // length byte only
  EXPECT_THROW(lab::ike::parseRfc3110("0sAwEAAQ=="), lab::sys::Error);  // exponent, no modulus
  EXPECT_THROW(lab::ike::parsePem("no armour"), lab::sys::Error);
  Bytes der = lab::ike::toSubjectPublicKeyInfo({Bytes(32, 0xab), Bytes{0x03}});
  Bytes wrongOid = der;
  wrongOid[12] ^= 0x01;  // last byte of the rsaEncryption OID
  EXPECT_THROW(lab::ike::parseSubjectPublicKeyInfo(wrongOid), lab::sys::Error);
  Bytes truncated(der.begin(), der.end() - 1);
  EXPECT_THROW(lab::ike::parseSubjectPublicKeyInfo(truncated), lab::sys::Error);
  Bytes trailing = der;
  trailing.push_back(0);
  EXPECT_THROW(lab::ike::parseSubjectPublicKeyInfo(trailing), lab::sys::Error);
}

TEST(Pubkey, OpensslReadsWhatWeWriteAndWeReadWhatItWrites) {
  if (!haveOpenssl()) GTEST_SKIP() << "openssl CLI not installed (apt-get install openssl)";
  // openssl prints the key we converted from libreswan's RFC 3110 form.
  RsaPublicKey key = lab::ike::parseRfc3110(kLibreswanRfc3110);
  auto text = openssl({"rsa", "-pubin", "-text", "-noout"}, lab::ike::toPem(key));
  ASSERT_TRUE(text.ok()) << text.out;
  EXPECT_EQ(opensslModulus(text.out), key.modulus);
  EXPECT_NE(text.out.find("Exponent: 65537 (0x10001)"), std::string::npos) << text.out;

  // A fresh openssl key (exponent 3, like the article's) survives PEM → RFC 3110 → PEM.
  auto priv = openssl({"genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-pkeyopt",
                       "rsa_keygen_pubexp:3"});
  ASSERT_TRUE(priv.ok()) << priv.out;
  auto pub = openssl({"pkey", "-pubout"}, priv.out);
  ASSERT_TRUE(pub.ok()) << pub.out;
  auto converted = lab::ike::publicKeyFromPem(pub.out);
  Bytes raw = lab::ike::base64Decode(converted.rfc3110.substr(2));
  EXPECT_EQ(raw[0], 1);  // one exponent byte...
  EXPECT_EQ(raw[1], 3);  // ...3 ("0sAQO..." or "0sAQP..." like the article's)
  EXPECT_EQ(lab::ike::toPem(lab::ike::parseRfc3110(converted.rfc3110)), pub.out);
}

TEST(Pubkey, ThePublicHalfOfAnRsaPrivateKey) {
  // A throwaway 512-bit key from `pki --gen --type rsa --size 512 --outform pem`
  // (PKCS#1), and its public half as `openssl rsa -pubout` prints it.
  const std::string pem =
      "-----BEGIN RSA PRIVATE KEY-----\n"
      "MIIBOwIBAAJBAMd8zHa522rbQAlxSmkFMfZcgZjFMLwINemVNYp4dAY9SeWt1idt\n"
      "rxl8djhqI2KwO07Xz/bmFa9nIZRPnCDMQu8CAwEAAQJBAJupW1atknSgXyi/GWQ3\n"
      "pJPr/Uh7XprrAT6iqqPBeC/A00Kfr8h4OA3u8denxMckMbPy81ydPl7u3R8E1Ps9\n"
      "vFkCIQD3UBPrHQal36durXEU4cqcz3/3aFUOBiZPPNGsuvpYQwIhAM5+qL+u5gEz\n"
      "WXQPJG0YvjU8fsffy5b7I7yZ+KvfNgXlAiA/KcKMj9M81gxLJhz1el1nA0/pfkoK\n"
      "1OM/5YafmPmLRQIhALiWUJLI7aI1HMm6n31GmQFNyqcxTvTwGsoFeV1qcwhhAiAf\n"
      "2DySlVN5h6NE4zKDlrP17Mh0dDLwDY9Ok6Nwf+C0vA==\n"
      "-----END RSA PRIVATE KEY-----\n";
  const std::string pub =
      "-----BEGIN PUBLIC KEY-----\n"
      "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAMd8zHa522rbQAlxSmkFMfZcgZjFMLwI\n"
      "NemVNYp4dAY9SeWt1idtrxl8djhqI2KwO07Xz/bmFa9nIZRPnCDMQu8CAwEAAQ==\n"
      "-----END PUBLIC KEY-----\n";
  const auto key = lab::ike::publicOfRsaPrivateKeyPem("plugin warning before\n" + pem + "after\n");
  EXPECT_EQ(key.bits(), 512u);
  EXPECT_EQ(lab::ike::toPem(key), pub);
  EXPECT_THROW(lab::ike::publicOfRsaPrivateKeyPem("no key here"), lab::sys::Error);
}

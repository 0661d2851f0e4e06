#pragma once
// RSA public keys in the two notations IKE daemons take, converted without
// OpenSSL: libreswan's RFC 3110 form ("0sAQ...": base64 of exponent length,
// exponent, modulus) and PEM SubjectPublicKeyInfo (strongSwan, openssl).
//
//   RsaPublicKey k = parseRfc3110("0sAwEAAc...");
//   std::string pem = toPem(k);            // "-----BEGIN PUBLIC KEY-----\n..."
//
// Parsers throw sys::Error naming what is malformed.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lab/ike/conn_spec.h"

namespace lab::ike {

using Bytes = std::vector<std::uint8_t>;

// Big-endian magnitudes without leading zero bytes.
struct RsaPublicKey {
  Bytes modulus;
  Bytes exponent;
  std::size_t bits() const;  // modulus length in bits
  bool operator==(const RsaPublicKey&) const = default;
};

// Standard base64 (RFC 4648) with '=' padding; the decoder skips whitespace.
std::string base64Encode(const Bytes& data);
Bytes base64Decode(std::string_view text);

// RFC 3110 key: "0s" + base64 (the "0s" prefix is optional when parsing;
// "leftrsasigkey=" / "rightrsasigkey=" prefixes are accepted too).
RsaPublicKey parseRfc3110(std::string_view text);
std::string toRfc3110(const RsaPublicKey& key);

// DER SubjectPublicKeyInfo (rsaEncryption) and its PEM armour
// ("-----BEGIN PUBLIC KEY-----", 64 columns).
Bytes toSubjectPublicKeyInfo(const RsaPublicKey& key);
RsaPublicKey parseSubjectPublicKeyInfo(const Bytes& der);
std::string toPem(const RsaPublicKey& key);
RsaPublicKey parsePem(std::string_view pem);

// The public half of a PKCS#1 RSA private key in PEM ("-----BEGIN RSA
// PRIVATE KEY-----", what strongSwan's `pki --gen --outform pem` writes):
// its modulus and public exponent.
RsaPublicKey publicOfRsaPrivateKeyPem(std::string_view pem);

// Both notations from either one.
PublicKey publicKeyFromRfc3110(std::string_view rfc3110);
PublicKey publicKeyFromPem(std::string_view pem);

}  // namespace lab::ike

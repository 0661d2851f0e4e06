#include "harness/capture/ike_message.h"

#include <algorithm>

namespace harness::capture {
namespace {

std::uint32_t be32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}
std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint64_t be64(const std::uint8_t* p) { return std::uint64_t{be32(p)} << 32 | be32(p + 4); }

std::string payloadName(int version, std::uint8_t t) {
  if (version == 1) {
    switch (t) {
      case 1: return "SA";
      case 2: return "P";
      case 3: return "T";
      case 4: return "KE";
      case 5: return "ID";
      case 6: return "CERT";
      case 7: return "CR";
      case 8: return "HASH";
      case 9: return "SIG";
      case 10: return "NONCE";
      case 11: return "N";
      case 12: return "D";
      case 13: return "VID";
      case 20: case 130: return "NAT-D";
      case 21: case 131: return "NAT-OA";
      case 132: return "FRAG";
    }
  } else {
    switch (t) {
      case 33: return "SA";
      case 34: return "KE";
      case 35: return "IDi";
      case 36: return "IDr";
      case 37: return "CERT";
      case 38: return "CERTREQ";
      case 39: return "AUTH";
      case 40: return "NONCE";
      case 41: return "N";
      case 42: return "D";
      case 43: return "VID";
      case 44: return "TSi";
      case 45: return "TSr";
      case 46: return "SK";
      case 47: return "CP";
      case 48: return "EAP";
      case 53: return "SKF";
    }
  }
  return "payload" + std::to_string(t);
}

}  // namespace

std::string notifyName(int version, std::uint16_t type) {
  switch (type) {
    case 1: return version == 1 ? "INVALID-PAYLOAD-TYPE" : "UNSUPPORTED_CRITICAL_PAYLOAD";
    case 4: return "INVALID_IKE_SPI";
    case 5: return "INVALID_MAJOR_VERSION";
    case 7: return "INVALID_SYNTAX";
    case 9: return "INVALID_MESSAGE_ID";
    case 11: return "INVALID_SPI";
    case 14: return "NO_PROPOSAL_CHOSEN";
    case 17: return "INVALID_KE_PAYLOAD";
    case 18: return "INVALID_ID_INFORMATION";
    case 24: return "AUTHENTICATION_FAILED";
    case 34: return "SINGLE_PAIR_REQUIRED";
    case 35: return "NO_ADDITIONAL_SAS";
    case 36: return "INTERNAL_ADDRESS_FAILURE";
    case 37: return "FAILED_CP_REQUIRED";
    case 38: return "TS_UNACCEPTABLE";
    case 39: return "INVALID_SELECTORS";
    case 43: return "TEMPORARY_FAILURE";
    case 44: return "CHILD_SA_NOT_FOUND";
    case 16384: return "INITIAL_CONTACT";
    case 16385: return "SET_WINDOW_SIZE";
    case 16386: return "ADDITIONAL_TS_POSSIBLE";
    case 16387: return "IPCOMP_SUPPORTED";
    case 16388: return "NAT_DETECTION_SOURCE_IP";
    case 16389: return "NAT_DETECTION_DESTINATION_IP";
    case 16390: return "COOKIE";
    case 16391: return "USE_TRANSPORT_MODE";
    case 16392: return "HTTP_CERT_LOOKUP_SUPPORTED";
    case 16393: return "REKEY_SA";
    case 16394: return "ESP_TFC_PADDING_NOT_SUPPORTED";
    case 16395: return "NON_FIRST_FRAGMENTS_ALSO";
    case 16396: return "MOBIKE_SUPPORTED";
    case 16404: return "MULTIPLE_AUTH_SUPPORTED";
    case 16406: return "REDIRECT_SUPPORTED";
    case 16418: return "CHILDLESS_IKEV2_SUPPORTED";
    case 16430: return "IKEV2_FRAGMENTATION_SUPPORTED";
    case 16431: return "SIGNATURE_HASH_ALGORITHMS";
    case 24576: return "R-U-THERE";
    case 24577: return "R-U-THERE-ACK";
  }
  return "notify" + std::to_string(type);
}

std::string IkeMessage::exchangeName() const {
  if (majorVersion == 1) {
    switch (exchange) {
      case 2: return "Main Mode";
      case 4: return "Aggressive";
      case 5: return "Informational";
      case 32: return "Quick Mode";
    }
  } else {
    switch (exchange) {
      case 34: return "IKE_SA_INIT";
      case 35: return "IKE_AUTH";
      case 36: return "CREATE_CHILD_SA";
      case 37: return "INFORMATIONAL";
      case 43: return "IKE_INTERMEDIATE";
    }
  }
  return "exchange " + std::to_string(exchange);
}

std::optional<IkeMessage> parseIke(std::span<const std::uint8_t> b) {
  if (b.size() < 28) return std::nullopt;
  IkeMessage m;
  m.majorVersion = b[17] >> 4;
  if (m.majorVersion != 1 && m.majorVersion != 2) return std::nullopt;
  m.initiatorSpi = be64(b.data());
  m.responderSpi = be64(b.data() + 8);
  m.exchange = b[18];
  m.flags = b[19];
  m.messageId = be32(b.data() + 20);
  if (m.majorVersion == 2) {
    m.response = (m.flags & 0x20) != 0;
    m.initiator = (m.flags & 0x08) != 0;
  }
  m.encrypted = m.majorVersion == 1 && (m.flags & 0x01) != 0;
  std::uint8_t next = b[16];
  std::size_t at = 28;
  const std::size_t end = std::min<std::size_t>(b.size(), be32(b.data() + 24));
  m.digest = 1469598103934665603ull;
  for (std::size_t i = 0; i < end; ++i) m.digest = (m.digest ^ b[i]) * 1099511628211ull;
  if (m.encrypted) {
    m.payloads.push_back("encrypted");
    return m;
  }
  while (next != 0 && at + 4 <= end) {
    const std::uint8_t type = next;
    next = b[at];
    const std::size_t len = be16(b.data() + at + 2);
    if (len < 4 || at + len > end) break;
    std::string name = payloadName(m.majorVersion, type);
    const bool notify = (m.majorVersion == 1 && type == 11) || (m.majorVersion == 2 && type == 41);
    const std::size_t typeAt = m.majorVersion == 1 ? at + 10 : at + 6;
    if (notify && typeAt + 2 <= at + len) {
      const std::string n = notifyName(m.majorVersion, be16(b.data() + typeAt));
      m.notifies.push_back(n);
      name += "(" + n + ")";
    }
    m.payloads.push_back(std::move(name));
    if (m.majorVersion == 2 && type == 46) {  // SK: the rest is encrypted
      m.encrypted = true;
      break;
    }
    at += len;
  }
  return m;
}

}  // namespace harness::capture

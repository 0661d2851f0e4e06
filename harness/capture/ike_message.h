#pragma once
// One IKE message's clear header and payloads (ISAKMP, RFC 2408 / RFC 7296),
// as seen on UDP 500 or after UDP 4500's non-ESP marker: enough for a ladder
// line ("IKEv1 Main Mode #3 request id 0 [KE, NONCE, NAT-D, NAT-D]").
// Encrypted payloads (IKEv1 with the E flag, IKEv2's SK) are named, not read.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace harness::capture {

struct IkeMessage {
  std::uint64_t initiatorSpi = 0, responderSpi = 0;
  int majorVersion = 0;        // 1 or 2
  std::uint8_t exchange = 0;   // exchange type number
  std::uint8_t flags = 0;
  std::uint32_t messageId = 0;
  bool response = false;       // IKEv2: the R flag; IKEv1: unknown from the header (false)
  bool initiator = false;      // IKEv2: the I flag (sent by the original initiator)
  bool encrypted = false;      // IKEv1 E flag, or IKEv2 with an SK payload
  std::vector<std::string> payloads;  // "SA", "KE", "N(INVALID_KE_PAYLOAD)", "VID", "SK"
  std::vector<std::string> notifies;  // notify type names, also inside payloads
  std::uint64_t digest = 0;    // FNV-1a of the whole message: the same message seen twice

  // "IKE_SA_INIT", "Main Mode", "Quick Mode", "Informational", ... or "exchange 99".
  std::string exchangeName() const;
};

// nullopt when bytes are not an ISAKMP header of a known version.
std::optional<IkeMessage> parseIke(std::span<const std::uint8_t> bytes);

// IKE notify message type names (IKEv1 and IKEv2 share the error range).
std::string notifyName(int version, std::uint16_t type);

}  // namespace harness::capture

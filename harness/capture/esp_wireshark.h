#pragma once
// Wireshark's view of a run's ESP keys: a configuration directory holding
// `esp_sa` (the "ESP SAs" table, one quoted CSV line per SA) and
// `preferences` (decryption and ICV checking on), so that
//   WIRESHARK_CONFIG_DIR=ARTIFACTS/wireshark tshark -r PCAP
// shows every capture decrypted. Names as Wireshark 4.0 (Debian 12) reads
// them; addresses are wildcards (behind a NAT one SA is seen with two
// addresses). ChaCha20-Poly1305 SAs are written as comments (Wireshark
// decrypts it from 4.2). The files hold keys: mode 0600, directory 0700.
#include <filesystem>
#include <string>

#include "harness/capture/esp_crypto.h"

namespace harness::capture {

// The esp_sa table's text.
std::string wiresharkEspSaTable(const EspKeyring& keys);

// Writes dir/esp_sa and dir/preferences (creating dir). Throws
// std::runtime_error when they cannot be written.
void writeWiresharkConfig(const std::filesystem::path& dir, const EspKeyring& keys);

}  // namespace harness::capture

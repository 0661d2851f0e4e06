#include "lab/ike/strongswan/swanctl_vici.h"

#include <array>
#include <cctype>

#include "lab/ike/pubkey.h"
#include "lab/sys/error.h"

namespace fs = std::filesystem;

namespace lab::ike {
namespace {

template <std::size_t N>
bool oneOf(std::string_view key, const std::array<std::string_view, N>& keys) {
  for (auto k : keys) {
    if (k.size() != key.size()) continue;
    bool same = true;  // swanctl compares case-insensitively
    for (std::size_t i = 0; i < k.size() && same; ++i)
      same = std::tolower(static_cast<unsigned char>(k[i])) == std::tolower(static_cast<unsigned char>(key[i]));
    if (same) return true;
  }
  return false;
}

// swanctl's tokenizer: split at ',', trim spaces, drop empty items.
std::vector<std::string> splitList(const std::string& value) {
  std::vector<std::string> items;
  std::size_t pos = 0;
  while (pos <= value.size()) {
    std::size_t end = value.find(',', pos);
    if (end == std::string::npos) end = value.size();
    std::size_t b = pos, e = end;
    while (b < e && value[b] == ' ') ++b;
    while (e > b && value[e - 1] == ' ') --e;
    if (e > b) items.push_back(value.substr(b, e - b));
    pos = end + 1;
  }
  return items;
}

fs::path fileListPath(std::string_view key, const std::string& name, const fs::path& swanctlDir) {
  fs::path p(name);
  if (p.is_absolute()) return p;
  if (key == "certs") return swanctlDir / "x509" / p;
  if (key == "cacerts") return swanctlDir / "x509ca" / p;
  return swanctlDir / "pubkey" / p;  // pubkeys
}

// A section of swanctl.conf as the VICI section swanctl makes of it.
vici::Section toVici(const vici::Section& conf, const fs::path& swanctlDir, const ConfFileReader& readFile) {
  vici::Section out;
  for (const auto& e : conf.entries()) {
    switch (e.kind) {
      case vici::Entry::Kind::Section:
        out.add(e.name, toVici(e.section, swanctlDir, readFile));
        break;
      case vici::Entry::Kind::List:  // already a list
        out.setList(e.name, e.items);
        break;
      case vici::Entry::Kind::Value:
        if (isSwanctlListKey(e.name)) {
          out.setList(e.name, splitList(e.value));
        } else if (isSwanctlFileListKey(e.name)) {
          std::vector<std::string> contents;
          for (const auto& name : splitList(e.value)) {
            const fs::path file = fileListPath(e.name, name, swanctlDir);
            try {
              contents.push_back(readFile(file));
            } catch (const std::exception& ex) {
              throw sys::Error("cannot read " + e.name + " file " + file.string() + ": " + ex.what());
            }
          }
          out.setList(e.name, std::move(contents));
        } else {
          out.set(e.name, e.value);
        }
        break;
    }
  }
  return out;
}

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

bool isSwanctlListKey(std::string_view key) {
  static constexpr std::array<std::string_view, 11> keys = {
      "local_addrs", "remote_addrs", "proposals", "esp_proposals", "ah_proposals", "local_ts",
      "remote_ts",   "vips",         "pools",     "groups",        "cert_policy"};
  return oneOf(key, keys);
}

bool isSwanctlFileListKey(std::string_view key) {
  static constexpr std::array<std::string_view, 3> keys = {"certs", "cacerts", "pubkeys"};
  return oneOf(key, keys);
}

std::vector<vici::Section> loadConnMessages(const vici::Section& tree, const fs::path& swanctlDir,
                                            const ConfFileReader& readFile) {
  std::vector<vici::Section> out;
  const vici::Section* conns = tree.section("connections");
  if (!conns) return out;
  for (const auto& e : conns->entries()) {
    if (e.kind != vici::Entry::Kind::Section) continue;
    vici::Section msg;
    msg.add(e.name, toVici(e.section, swanctlDir, readFile));
    out.push_back(std::move(msg));
  }
  return out;
}

std::vector<std::string> connectionNames(const vici::Section& tree) {
  std::vector<std::string> names;
  if (const vici::Section* conns = tree.section("connections"))
    for (const auto& e : conns->entries())
      if (e.kind == vici::Entry::Kind::Section) names.push_back(e.name);
  return names;
}

std::vector<vici::Section> loadSharedMessages(const vici::Section& tree) {
  std::vector<vici::Section> out;
  const vici::Section* secrets = tree.section("secrets");
  if (!secrets) return out;
  for (const auto& e : secrets->entries()) {
    if (e.kind != vici::Entry::Kind::Section || !startsWith(e.name, "ike")) continue;
    vici::Section msg;
    msg.set("id", e.name);
    msg.set("type", "ike");
    msg.set("data", e.section.get("secret"));
    std::vector<std::string> owners;
    for (const auto& kv : e.section.entries())
      if (kv.kind == vici::Entry::Kind::Value && startsWith(kv.name, "id")) owners.push_back(kv.value);
    msg.setList("owners", std::move(owners));
    out.push_back(std::move(msg));
  }
  return out;
}

vici::Section loadKeyMessage(std::string_view pem) {
  static constexpr std::string_view kBegin = "-----BEGIN ";
  const auto begin = pem.find(kBegin);
  const auto labelEnd = begin == std::string_view::npos ? begin : pem.find("-----", begin + kBegin.size());
  if (labelEnd == std::string_view::npos) throw sys::Error("private key: no PEM header");
  const std::string label(pem.substr(begin + kBegin.size(), labelEnd - begin - kBegin.size()));
  std::string type;
  if (label == "RSA PRIVATE KEY") type = "rsa";
  else if (label == "EC PRIVATE KEY") type = "ecdsa";
  else if (label == "PRIVATE KEY") type = "any";
  else throw sys::Error("private key: unsupported PEM type '" + label + "' (encrypted keys are not supported)");
  const auto bodyStart = labelEnd + 5;
  const std::string endMarker = "-----END " + label + "-----";
  const auto bodyEnd = pem.find(endMarker, bodyStart);
  if (bodyEnd == std::string_view::npos) throw sys::Error("private key: no '" + endMarker + "' line");
  const std::string_view body = pem.substr(bodyStart, bodyEnd - bodyStart);
  if (body.find(':') != std::string_view::npos)  // "Proc-Type: 4,ENCRYPTED"
    throw sys::Error("private key: PEM headers (an encrypted key?) are not supported");
  Bytes der = base64Decode(body);
  vici::Section msg;
  msg.set("type", type);
  msg.set("data", std::string(der.begin(), der.end()));
  return msg;
}

}  // namespace lab::ike

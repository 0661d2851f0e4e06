// ESP made by real kernels, decrypted: the packet fixtures of
// make-fixtures.sh (static keys, AES-CBC + HMAC-SHA-256-128 written in the
// script) and captures of real daemon runs with the SAs read from their
// kernels then (tests/fixtures/esp/*.sa, one SA a line, see
// tests/fixtures/README.md): each algorithm the daemons negotiate here.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "harness/capture/capture.h"
#include "harness/capture/esp_crypto.h"

namespace harness::capture {
namespace {

const std::string kFixtures = LABRUN_FIXTURES;

std::vector<std::uint8_t> unhex(std::string s) {
  if (s.rfind("0x", 0) == 0) s = s.substr(2);
  std::vector<std::uint8_t> b;
  for (std::size_t i = 0; i + 1 < s.size(); i += 2) b.push_back(static_cast<std::uint8_t>(std::stoul(s.substr(i, 2), nullptr, 16)));
  return b;
}

// make-fixtures.sh's states: every SPI, the same keys. `ip xfrm state ...
// auth sha256` gives no truncation, and the kernel's default for hmac(sha256)
// is the pre-RFC 4868 96 bits (what the dump then says in XFRMA_ALG_AUTH_TRUNC).
EspKeyring scriptKeys() {
  EspKeyring k;
  for (std::uint32_t spi : {0x1001u, 0x1002u, 0x2001u, 0x2002u, 0x3001u, 0x3002u}) {
    EspSa sa;
    sa.spi = spi;
    sa.crypt = "cbc(aes)";
    sa.cryptKey = unhex("00112233445566778899aabbccddeeff");
    sa.auth = "hmac(sha256)";
    sa.authKey = unhex("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    sa.truncBits = 96;
    k.add(sa);
  }
  return k;
}

// "spi=0x… dst=1.0.0.4 aead=rfc4106(gcm(aes)) key=0x… icv=128 esn=0" or
// "spi=… dst=… crypt=cbc(aes) ckey=0x… auth=hmac(sha256) akey=0x… trunc=128 esn=0".
EspKeyring readSaFile(const std::string& path) {
  EspKeyring k;
  std::ifstream f(path);
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    EspSa sa;
    std::istringstream words(line);
    std::string w;
    while (words >> w) {
      const auto eq = w.find('=');
      const std::string key = w.substr(0, eq), v = w.substr(eq + 1);
      if (key == "spi") sa.spi = static_cast<std::uint32_t>(std::stoul(v, nullptr, 16));
      else if (key == "dst") sa.dst = lab::Ip4::parse(v).value();
      else if (key == "aead") sa.aead = v;
      else if (key == "key") sa.aeadKey = unhex(v);
      else if (key == "icv") sa.icvBits = static_cast<unsigned>(std::stoul(v));
      else if (key == "crypt") sa.crypt = v;
      else if (key == "ckey") sa.cryptKey = unhex(v);
      else if (key == "auth") sa.auth = v;
      else if (key == "akey") sa.authKey = unhex(v);
      else if (key == "trunc") sa.truncBits = static_cast<unsigned>(std::stoul(v));
      else if (key == "esn") sa.esn = v == "1";
    }
    k.add(sa);
  }
  return k;
}

std::map<std::string, int> stacks(const std::vector<DecodedPacket>& packets) {
  std::map<std::string, int> n;
  for (const auto& p : packets) ++n[p.stackStr()];
  return n;
}

TEST(EspFixtures, ScriptStatesTransportGreInside) {
  const auto keys = scriptKeys();
  auto n = stacks(decodeFile(kFixtures + "/gre-over-ipsec-eth0.pcap", nullptr, &keys));
  EXPECT_EQ(n["ip/esp[gre/ip/icmp]"], 4);
  EXPECT_EQ(n["ip/icmp"], 2);
  EXPECT_EQ(n.size(), 2u);
}

TEST(EspFixtures, ScriptStatesTunnelInsideGre) {
  const auto keys = scriptKeys();
  auto n = stacks(decodeFile(kFixtures + "/ipsec-over-gre-eth0.pcap", nullptr, &keys));
  EXPECT_EQ(n["ip/gre/ip/esp[ip/icmp]"], 4);
  EXPECT_EQ(n.size(), 1u);
}

TEST(EspFixtures, ScriptStatesInUdp4500) {
  const auto keys = scriptKeys();
  auto n = stacks(decodeFile(kFixtures + "/esp-in-udp-eth0.pcap", nullptr, &keys));
  EXPECT_EQ(n["ip/udp4500/esp[icmp]"], 4);
  EXPECT_EQ(n.size(), 1u);
}

TEST(EspFixtures, AFlippedKeyBitFailsEveryIcvAndSaysSo) {
  auto keys = scriptKeys();
  EspKeyring bad;
  for (auto sa : keys.sas()) {
    sa.authKey[0] ^= 1;
    bad.add(sa);
  }
  const auto packets = decodeFile(kFixtures + "/gre-over-ipsec-eth0.pcap", nullptr, &bad);
  int failed = 0;
  for (const auto& p : packets) {
    if (!p.espStatus) continue;
    EXPECT_EQ(*p.espStatus, EspStatus::IcvFailed);
    EXPECT_EQ(p.stackStr(), "ip/esp[icv-failed]");
    ++failed;
  }
  EXPECT_EQ(failed, 4);
}

// A real run: nat-c's NAT outside in stage 3, libreswan 4.10 both ends (IKEv1).
TEST(EspFixtures, RealNatCRunLibreswanAesCbcSha256) {
  const auto keys = readSaFile(kFixtures + "/esp/nat-c-lsw410-v1.sa");
  ASSERT_EQ(keys.sas().size(), 2u);
  const auto packets = decodeFile(kFixtures + "/esp/nat-c-lsw410-v1-outside.pcap", nullptr, &keys);
  int esp = 0;
  for (const auto& p : packets) {
    if (!p.espStatus) continue;
    ++esp;
    EXPECT_EQ(*p.espStatus, EspStatus::Decrypted) << p.summary();
    EXPECT_EQ(p.stackStr(), "ip/udp4500/esp[gre/ip/icmp]") << p.summary();
  }
  EXPECT_EQ(esp, 12);

  // The same packets with one bit of the SA's authentication key flipped: every ICV fails, and says so.
  int failed = 0;
  for (const auto& sa : keys.sas()) {
    EspSa other = sa;
    other.authKey.back() ^= 0x80;
    EspKeyring bad;
    bad.add(other);
    for (const auto& p : decodeFile(kFixtures + "/esp/nat-c-lsw410-v1-outside.pcap", nullptr, &bad))
      if (p.espStatus && *p.espSpi == sa.spi) failed += *p.espStatus == EspStatus::IcvFailed;
  }
  EXPECT_EQ(failed, 12);
}

}  // namespace
}  // namespace harness::capture

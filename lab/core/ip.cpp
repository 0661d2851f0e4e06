#include "lab/core/ip.h"

#include <arpa/inet.h>

#include <charconv>

namespace lab {

std::optional<Ip4> Ip4::parse(std::string_view s) {
  std::uint32_t v = 0;
  const char* p = s.data();
  const char* end = s.data() + s.size();
  for (int i = 0; i < 4; ++i) {
    if (i > 0) {
      if (p == end || *p != '.') return std::nullopt;
      ++p;
    }
    unsigned octet = 0;
    auto [next, ec] = std::from_chars(p, end, octet);
    if (ec != std::errc() || next == p || next - p > 3 || octet > 255) return std::nullopt;
    if (next - p > 1 && *p == '0') return std::nullopt;  // no leading zeros
    v = (v << 8) | octet;
    p = next;
  }
  if (p != end) return std::nullopt;
  return Ip4{v};
}

std::string Ip4::str() const {
  return std::to_string(value >> 24) + "." + std::to_string((value >> 16) & 255) + "." +
         std::to_string((value >> 8) & 255) + "." + std::to_string(value & 255);
}

std::uint32_t Ip4::networkOrder() const { return htonl(value); }

std::optional<Prefix> Prefix::parse(std::string_view s, bool allowBare) {
  auto slash = s.find('/');
  if (slash == std::string_view::npos) {
    if (!allowBare) return std::nullopt;
    auto a = Ip4::parse(s);
    if (!a) return std::nullopt;
    return Prefix{*a, 32};
  }
  auto a = Ip4::parse(s.substr(0, slash));
  if (!a) return std::nullopt;
  auto lenStr = s.substr(slash + 1);
  int len = -1;
  auto [next, ec] = std::from_chars(lenStr.data(), lenStr.data() + lenStr.size(), len);
  if (ec != std::errc() || next != lenStr.data() + lenStr.size() || len < 0 || len > 32)
    return std::nullopt;
  return Prefix{*a, len};
}

std::string Prefix::str() const { return addr.str() + "/" + std::to_string(len); }

Ip4 Prefix::network() const {
  std::uint32_t mask = len == 0 ? 0 : ~std::uint32_t{0} << (32 - len);
  return Ip4{addr.value & mask};
}

bool Prefix::contains(Ip4 a) const { return Prefix{a, len}.network() == network(); }

}  // namespace lab

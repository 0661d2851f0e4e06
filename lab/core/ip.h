#pragma once
// IPv4 addresses and prefixes as plain values.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lab {

struct Ip4 {
  std::uint32_t value = 0;  // host byte order
  static std::optional<Ip4> parse(std::string_view s);
  std::string str() const;
  std::uint32_t networkOrder() const;
  auto operator<=>(const Ip4&) const = default;
};

struct Prefix {
  Ip4 addr;
  int len = 32;
  // "a.b.c.d/n"; with allowBare, "a.b.c.d" means /32.
  static std::optional<Prefix> parse(std::string_view s, bool allowBare = false);
  std::string str() const;
  Ip4 network() const;
  bool contains(Ip4 a) const;
  bool operator==(const Prefix&) const = default;
};

}  // namespace lab

#include "harness/capture/stack_pattern.h"

#include <gtest/gtest.h>

namespace harness::capture {
namespace {

using Stack = std::vector<std::string>;

StackPattern pat(const char* s) {
  std::string err;
  auto p = StackPattern::parse(s, &err);
  EXPECT_TRUE(p) << s << ": " << err;
  return *p;
}

TEST(StackPattern, SingleTokenMatchesAnywhere) {
  auto esp = pat("esp");
  EXPECT_TRUE(esp.matches({"ip", "esp"}));
  EXPECT_TRUE(esp.matches({"ip", "gre", "ip", "esp"}));
  EXPECT_TRUE(esp.matches({"ip", "udp4500", "esp"}));
  EXPECT_FALSE(esp.matches({"ip", "gre", "ip", "icmp"}));
  EXPECT_FALSE(esp.matches({}));
  EXPECT_TRUE(pat("icmp").matches({"ip", "gre", "ip", "icmp"}));
  EXPECT_TRUE(pat("malformed").matches({"ip", "esp", "malformed"}));
}

TEST(StackPattern, PathMatchesWholeStackExactly) {
  auto p = pat("ip/gre/ip/icmp");
  EXPECT_TRUE(p.matches({"ip", "gre", "ip", "icmp"}));
  EXPECT_FALSE(p.matches({"ip", "gre", "ip"}));
  EXPECT_FALSE(p.matches({"ip", "gre", "ip", "icmp", "malformed"}));
  EXPECT_FALSE(p.matches({"ip", "ip", "gre", "ip", "icmp"}));
  EXPECT_TRUE(pat("ip/esp").matches({"ip", "esp"}));
  EXPECT_FALSE(pat("ip/esp").matches({"ip", "gre", "ip", "esp"}));
  EXPECT_EQ(p.str(), "ip/gre/ip/icmp");
}

TEST(StackPattern, Aliases) {
  EXPECT_TRUE(pat("udp4500-esp").matches({"ip", "udp4500", "esp"}));
  EXPECT_FALSE(pat("udp4500-esp").matches({"ip", "udp4500", "isakmp"}));
  EXPECT_TRUE(pat("gre-esp").matches({"ip", "gre", "ip", "esp"}));
  EXPECT_TRUE(pat("gre-icmp").matches({"ip", "gre", "ip", "icmp"}));
  EXPECT_FALSE(pat("gre-icmp").matches({"ip", "icmp"}));
  EXPECT_EQ(pat("udp4500-esp").str(), "udp4500-esp");
  for (const auto& [name, path] : StackPattern::aliases()) {
    std::string err;
    EXPECT_TRUE(StackPattern::parse(path, &err)) << name << " -> " << path << ": " << err;
  }
}

TEST(StackPattern, WhitespaceIsTrimmed) {
  EXPECT_TRUE(pat("  esp ").matches({"ip", "esp"}));
  EXPECT_TRUE(pat("ip / esp").matches({"ip", "esp"}));
}

TEST(StackPattern, UnknownTokenSuggestsNearest) {
  std::string err;
  EXPECT_FALSE(StackPattern::parse("espp", &err));
  EXPECT_NE(err.find("unknown token 'espp'"), std::string::npos) << err;
  EXPECT_NE(err.find("did you mean 'esp'"), std::string::npos) << err;

  EXPECT_FALSE(StackPattern::parse("ip/gree/ip/icmp", &err));
  EXPECT_NE(err.find("'gree'"), std::string::npos) << err;
  EXPECT_NE(err.find("did you mean 'gre'"), std::string::npos) << err;

  EXPECT_FALSE(StackPattern::parse("udp4500_esp", &err));
  EXPECT_NE(err.find("did you mean 'udp4500-esp'"), std::string::npos) << err;
}

TEST(StackPattern, EmptyPiecesRejected) {
  std::string err;
  EXPECT_FALSE(StackPattern::parse("", &err));
  EXPECT_NE(err.find("empty"), std::string::npos);
  EXPECT_FALSE(StackPattern::parse("ip//esp", &err));
  EXPECT_FALSE(StackPattern::parse("ip/esp/", &err));
  EXPECT_FALSE(StackPattern::parse("   "));  // no error pointer: must not crash
}

TEST(StackPattern, EveryKnownTokenParses) {
  for (const auto& t : StackPattern::knownTokens()) EXPECT_TRUE(StackPattern::parse(t)) << t;
}

}  // namespace
}  // namespace harness::capture

// ICMP echo build/parse and the ping verdict, without privileges; plus live
// pings on a throwaway namespace's loopback when run as root.
#include "harness/assert/ping_check.h"

#include <unistd.h>

#include <future>
#include <optional>
#include <set>

#include <gtest/gtest.h>

#include "harness/assert/icmp_echo.h"
#include "lab/sys/error.h"

namespace harness::assert {
namespace {

using Bytes = std::vector<std::uint8_t>;

// An IPv4 header (no options unless given) from `src` carrying `icmp`.
Bytes ipPacket(const Bytes& icmp, std::uint8_t proto = 1, const Bytes& options = {}) {
  const std::size_t ihl = 20 + options.size();
  const std::size_t total = ihl + icmp.size();
  Bytes p(total, 0);
  const std::uint8_t header[20] = {static_cast<std::uint8_t>(0x40 | (ihl / 4)), 0, static_cast<std::uint8_t>(total >> 8),
                                   static_cast<std::uint8_t>(total), 0, 0, 0x40, 0, 64, proto, 0, 0, 10, 0, 0, 2,
                                   10, 0, 0, 1};
  std::copy(std::begin(header), std::end(header), p.begin());
  std::copy(options.begin(), options.end(), p.begin() + 20);
  const auto sum = internetChecksum(std::span(p.data(), ihl));
  p[10] = static_cast<std::uint8_t>(sum >> 8);
  p[11] = static_cast<std::uint8_t>(sum);
  std::copy(icmp.begin(), icmp.end(), p.begin() + static_cast<long>(ihl));
  return p;
}

// An ICMP message of another type, its checksum redone.
Bytes retyped(Bytes m, std::uint8_t type) {
  m[0] = type;
  m[2] = m[3] = 0;
  const auto sum = internetChecksum(m);
  m[2] = static_cast<std::uint8_t>(sum >> 8);
  m[3] = static_cast<std::uint8_t>(sum);
  return m;
}

// The reply a peer sends: the request as type 0.
Bytes replyTo(const Bytes& request) { return retyped(request, 0); }

TEST(IcmpEcho, ChecksumMatchesRfc1071Example) {
  // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2.
  const Bytes words = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  EXPECT_EQ(internetChecksum(words), static_cast<std::uint16_t>(~0xddf2));
  EXPECT_EQ(internetChecksum(Bytes{0xff}), static_cast<std::uint16_t>(~0xff00));  // odd length
}

TEST(IcmpEcho, RequestCarriesIdSeqAndAValidChecksum) {
  const Bytes m = buildEchoRequest(0xbeef, 3);
  ASSERT_EQ(m.size(), 64u);  // 8-byte header + ping's 56 bytes
  EXPECT_EQ(m[0], 8);        // echo request
  EXPECT_EQ(m[1], 0);
  EXPECT_EQ(m[4], 0xbe);
  EXPECT_EQ(m[5], 0xef);
  EXPECT_EQ(m[6], 0);
  EXPECT_EQ(m[7], 3);
  EXPECT_EQ(internetChecksum(m), 0);  // a message carrying its checksum sums to zero
  EXPECT_NE(buildEchoRequest(0xbeef, 4), m);
}

TEST(IcmpEcho, ParsesAReplyWithIdSeqAndSource) {
  auto r = parseEchoReply(ipPacket(replyTo(buildEchoRequest(0x1234, 2))));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->id, 0x1234);
  EXPECT_EQ(r->seq, 2);
  EXPECT_EQ(r->from.str(), "10.0.0.2");
  // IP options move the ICMP message.
  r = parseEchoReply(ipPacket(replyTo(buildEchoRequest(7, 9)), 1, {1, 1, 1, 0}));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->seq, 9);
}

TEST(IcmpEcho, IgnoresWhatIsNotAnIntactEchoReply) {
  const Bytes request = buildEchoRequest(0x1234, 1);
  EXPECT_FALSE(parseEchoReply(ipPacket(request)));             // our own request (e.g. to 127.0.0.1)
  EXPECT_FALSE(parseEchoReply(ipPacket(replyTo(request), 17)));  // not ICMP
  Bytes bad = ipPacket(replyTo(request));
  bad.back() ^= 0x01;  // payload flipped: checksum no longer holds
  EXPECT_FALSE(parseEchoReply(bad));
  const Bytes good = ipPacket(replyTo(request));
  EXPECT_FALSE(parseEchoReply(Bytes(good.begin(), good.begin() + 24)));  // truncated ICMP header
  EXPECT_FALSE(parseEchoReply(Bytes(good.begin(), good.begin() + 12)));  // truncated IP header
  EXPECT_FALSE(parseEchoReply(Bytes{}));
  EXPECT_FALSE(parseEchoReply(ipPacket(retyped(request, 3))));  // destination unreachable
}

TEST(IcmpEcho, IdentifiersAreDistinct) {
  std::set<std::uint16_t> ids;
  for (int i = 0; i < 1000; ++i) ids.insert(nextEchoId());
  EXPECT_EQ(ids.size(), 1000u);
}

TEST(PingVerdict, LossAgainstTolerance) {
  PingCheck c;
  c.count = 3;
  auto v = judgePing(c, 3, 3);
  EXPECT_TRUE(v.pass);
  EXPECT_EQ(v.detail, "3/3 replies (0% loss, tolerance 0%)");
  v = judgePing(c, 3, 2);
  EXPECT_FALSE(v.pass);
  EXPECT_EQ(v.detail, "2/3 replies (33% loss, tolerance 0%)");
  c.maxLossPercent = 40;
  EXPECT_TRUE(judgePing(c, 3, 2).pass);
  EXPECT_FALSE(judgePing(c, 2, 2).pass);  // fewer sent than asked: the check's time ran out
  EXPECT_EQ(judgePing(c, 0, 0).detail, "0/0 replies (100% loss, tolerance 40%)");
}

// Live: a raw socket in a fresh namespace, pinging its loopback.
class LivePing : public testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to create a network namespace and a raw socket";
    name_ = "lr-t3x-ping-" + std::to_string(::getpid());
    lab::netns::NetNs::remove(name_);
    try {
      ns_.emplace(lab::netns::NetNs::create(name_));
    } catch (const lab::sys::Error& e) {
      GTEST_SKIP() << "cannot create a network namespace here: " << e.what();
    }
  }
  void TearDown() override {
    if (!name_.empty()) lab::netns::NetNs::remove(name_);
  }
  PingCheck check(const char* to) {
    PingCheck c;
    c.from = "T";
    c.to = *lab::Ip4::parse(to);
    c.count = 5;
    c.timeoutSec = 3;
    return c;
  }
  std::string name_;
  std::optional<lab::netns::NetNs> ns_;
};

TEST_F(LivePing, LoopbackAnswersEveryRequest) {
  auto v = runPing(check("127.0.0.1"), *ns_);
  EXPECT_TRUE(v.pass) << v.detail;
  EXPECT_EQ(v.sent, 5);
  EXPECT_EQ(v.received, 5);
}

TEST_F(LivePing, ConcurrentPingsInOneNamespaceCountOnlyTheirOwnReplies) {
  std::vector<std::future<PingVerdict>> runs;
  for (int i = 0; i < 4; ++i) runs.push_back(std::async(std::launch::async, [&] { return runPing(check("127.0.0.1"), *ns_); }));
  for (auto& r : runs) {
    auto v = r.get();
    EXPECT_EQ(v.sent, 5);
    EXPECT_EQ(v.received, 5) << v.detail;
  }
}

TEST_F(LivePing, NoRouteIsAFailedVerdictNotAnError) {
  auto c = check("192.0.2.1");  // the namespace has only its loopback
  c.count = 2;
  auto v = runPing(c, *ns_);
  EXPECT_FALSE(v.pass);
  EXPECT_EQ(v.received, 0);
  EXPECT_NE(v.detail.find("0/2 replies (100% loss"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("send failed"), std::string::npos) << v.detail;
}

}  // namespace
}  // namespace harness::assert

// IKE messages in the clear and the ladder drawn from them: the NAT-T
// fixture (IKE_SA_INIT on 500, IKE_AUTH on 4500 after the non-ESP marker)
// and hand-built IKEv1 messages (numbering, retransmissions, notifies).
#include "harness/capture/ike_ladder.h"

#include <gtest/gtest.h>

#include "harness/capture/capture.h"
#include "harness/report/json_ladder.h"
#include "harness/report/json_report.h"

namespace harness::capture {
namespace {

using Bytes = std::vector<std::uint8_t>;

TEST(IkeLadder, NattFixtureShowsInitThenAuthOn4500) {
  const auto packets = decodeFile(std::string(LABRUN_FIXTURES) + "/ike-natt-eth0.pcap");
  ASSERT_TRUE(packets.at(0).ike);
  EXPECT_EQ(packets[0].ike->exchangeName(), "IKE_SA_INIT");
  EXPECT_TRUE(packets[0].ike->initiator);
  ASSERT_TRUE(packets.at(1).ike);
  EXPECT_EQ(packets[1].ike->exchangeName(), "IKE_AUTH");
  EXPECT_FALSE(packets.at(2).ike);  // the keepalive
  const auto lines = ikeLadder({packets});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "+0.000s  1.0.0.4:500 -> 1.0.0.5:500  IKEv2 IKE_SA_INIT request id 0 []");
  EXPECT_EQ(lines[1].substr(0, 5), "+0.10");  // python slept 0.1 s between them
  EXPECT_NE(lines[1].find("1.0.0.4:4500 -> 1.0.0.5:4500  IKEv2 IKE_AUTH request id 1"), std::string::npos) << lines[1];
}

// An IKEv1 message: header, then payloads given as (type, body).
Bytes ikev1(std::uint8_t exchange, std::uint8_t flags, std::uint32_t msgid,
            const std::vector<std::pair<std::uint8_t, Bytes>>& payloads) {
  Bytes b = {1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0};
  b.push_back(payloads.empty() ? 0 : payloads[0].first);
  b.push_back(0x10);
  b.push_back(exchange);
  b.push_back(flags);
  for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(msgid >> s));
  b.insert(b.end(), 4, 0);
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    const auto& body = payloads[i].second;
    const std::size_t len = 4 + body.size();
    b.push_back(i + 1 < payloads.size() ? payloads[i + 1].first : 0);
    b.push_back(0);
    b.push_back(static_cast<std::uint8_t>(len >> 8));
    b.push_back(static_cast<std::uint8_t>(len));
    b.insert(b.end(), body.begin(), body.end());
  }
  const std::size_t total = b.size();
  b[24] = static_cast<std::uint8_t>(total >> 24);
  b[25] = static_cast<std::uint8_t>(total >> 16);
  b[26] = static_cast<std::uint8_t>(total >> 8);
  b[27] = static_cast<std::uint8_t>(total);
  return b;
}

DecodedPacket at(double t, const char* src, const char* dst, const Bytes& ike) {
  DecodedPacket p;
  p.time = t;
  p.stack = {"ip", "udp500", "isakmp"};
  p.src = lab::Ip4::parse(src).value();
  p.dst = lab::Ip4::parse(dst).value();
  p.srcPort = p.dstPort = 500;
  p.ike = parseIke(ike);
  return p;
}

TEST(IkeLadder, MainModeNumberedNotifyNamedRetransmissionMarkedDuplicatesOnce) {
  const Bytes notify = {0, 0, 0, 1, 1, 0, 0, 18};  // DOI, protocol, SPI size 0, INVALID_ID_INFORMATION
  const Bytes mm1 = ikev1(2, 0, 0, {{1, Bytes(8, 0)}, {13, Bytes(16, 1)}});
  const Bytes mm2 = ikev1(2, 0, 0, {{1, Bytes(8, 0)}, {13, Bytes(16, 2)}});
  const Bytes mm5 = ikev1(2, 1, 0, {{5, Bytes(40, 3)}});
  const Bytes info = ikev1(5, 0, 77, {{11, notify}});
  std::vector<DecodedPacket> a = {at(10.0, "1.0.0.4", "1.2.3.4", mm1), at(10.1, "1.2.3.4", "1.0.0.4", mm2),
                                  at(10.3, "1.0.0.4", "1.2.3.4", mm5), at(11.3, "1.0.0.4", "1.2.3.4", mm5),
                                  at(11.4, "1.2.3.4", "1.0.0.4", info)};
  std::vector<DecodedPacket> natOutside = {at(10.001, "1.0.0.4", "1.2.3.4", mm1)};  // the same message, one hop on
  const auto lines = ikeLadder({a, natOutside});
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], "+0.000s  1.0.0.4:500 -> 1.2.3.4:500  IKEv1 Main Mode #1 request id 0 [SA, VID]");
  EXPECT_EQ(lines[1], "+0.100s  1.2.3.4:500 -> 1.0.0.4:500  IKEv1 Main Mode #2 response id 0 [SA, VID]");
  EXPECT_EQ(lines[2], "+0.300s  1.0.0.4:500 -> 1.2.3.4:500  IKEv1 Main Mode #3 request id 0 [encrypted]");
  EXPECT_EQ(lines[3],
            "+1.300s  1.0.0.4:500 -> 1.2.3.4:500  IKEv1 Main Mode #3 request id 0 [encrypted] (retransmission)");
  EXPECT_EQ(lines[4],
            "+1.400s  1.2.3.4:500 -> 1.0.0.4:500  IKEv1 Informational #1 request id 77 [N(INVALID_ID_INFORMATION)]");
}


// The daemons' outcome lines go between the messages by time; the entries
// name each endpoint's node and the NAT a message crossed; the JSON keeps
// them all.
TEST(IkeLadder, DaemonLinesMergedByTimeAndEntriesRoundTripThroughJson) {
  const Bytes mm5 = ikev1(2, 1, 0, {{5, Bytes(40, 3)}});
  const Bytes info = ikev1(5, 1, 77, {{8, Bytes(20, 4)}});
  AddressBook book;
  book.node = {{"1.0.0.4", "B"}, {"1.2.3.4", "C"}, {"10.0.3.3", "C"}};
  book.natOf = {{"1.2.3.4", "nat-c"}};
  auto ladder = wireLadder({{at(100.0, "1.2.3.4", "1.0.0.4", mm5), at(100.2, "1.0.0.4", "1.2.3.4", info)}}, book);
  ASSERT_EQ(ladder.size(), 2u);
  EXPECT_EQ(ladder[0].fromNode, "C");
  EXPECT_EQ(ladder[0].toNode, "B");
  EXPECT_EQ(ladder[0].via, "nat-c");

  LadderEntry logged;
  logged.time = 100.1;
  logged.host = "B";
  logged.outcome = "notify:INVALID_ID_INFORMATION";
  logged.notifies = {"INVALID_ID_INFORMATION"};
  logged.what = "B (libreswan 4.10) logged notify:INVALID_ID_INFORMATION: the peer's ID is not the one expected";
  LadderEntry untimed = logged;
  untimed.time = 0;
  untimed.what = "A (strongSwan 6.0.1) logged no-response";
  mergeDaemonLines(ladder, {untimed, logged});
  ASSERT_EQ(ladder.size(), 4u);
  const auto lines = ladderLines(ladder);
  EXPECT_EQ(lines[0].substr(0, 9), "+0.000s  ");
  EXPECT_EQ(lines[1], "+0.100s  " + logged.what);
  EXPECT_NE(lines[2].find("IKEv1 Informational #1"), std::string::npos) << lines[2];
  EXPECT_EQ(lines[3], "(no time)  A (strongSwan 6.0.1) logged no-response");

  harness::IkeLadder l{"no leftid", lines, ladder};
  const auto back = harness::report::ladderFromJson(harness::report::ladderToJson(l), "$");
  EXPECT_EQ(back.lines, l.lines);
  ASSERT_EQ(back.entries.size(), 4u);
  EXPECT_TRUE(back.entries[1].daemon);
  EXPECT_EQ(back.entries[1].outcome, "notify:INVALID_ID_INFORMATION");
  EXPECT_EQ(back.entries[1].time, 100.1);
  EXPECT_EQ(back.entries[0].via, "nat-c");
  EXPECT_EQ(back.entries[0].what, ladder[0].what);
  auto bad = harness::report::ladderToJson(l);
  bad["entries"][0]["kind"] = "guess";
  EXPECT_THROW(harness::report::ladderFromJson(bad, "$"), harness::report::JsonReportError);
}

}  // namespace
}  // namespace harness::capture

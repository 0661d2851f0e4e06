// XFRM_MSG_GETSA dump decoding on hand-built netlink bytes (no privileges),
// plus one live dump in a throwaway namespace when run as root.
#include "harness/capture/xfrm_counters.h"

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/udp.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cstring>
#include <optional>

#include <gtest/gtest.h>

#include "lab/netns/netns.h"
#include "lab/sys/error.h"

namespace harness::capture {
namespace {

using Bytes = std::vector<std::uint8_t>;
constexpr std::uint32_t kSeq = 7;

template <class T>
void append(Bytes& b, const T& v) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
  b.insert(b.end(), p, p + sizeof v);
}

void pad(Bytes& b, std::size_t align) {
  while (b.size() % align) b.push_back(0);
}

template <class T>
Bytes attr(std::uint16_t type, const T& value) {
  Bytes b;
  rtattr a{};
  a.rta_len = static_cast<unsigned short>(RTA_LENGTH(sizeof value));
  a.rta_type = type;
  append(b, a);
  append(b, value);
  pad(b, RTA_ALIGNTO);
  return b;
}

// One netlink message: header, payload, padding.
Bytes message(std::uint16_t type, const Bytes& payload, std::uint32_t seq = kSeq, std::uint16_t flags = NLM_F_MULTI) {
  nlmsghdr h{};
  h.nlmsg_len = static_cast<std::uint32_t>(NLMSG_LENGTH(payload.size()));
  h.nlmsg_type = type;
  h.nlmsg_flags = flags;
  h.nlmsg_seq = seq;
  Bytes b;
  append(b, h);
  b.insert(b.end(), payload.begin(), payload.end());
  pad(b, NLMSG_ALIGNTO);
  return b;
}

struct SaArgs {
  const char* src;
  const char* dst;
  std::uint32_t spi;
  std::uint8_t proto = IPPROTO_ESP;
  std::uint8_t mode = XFRM_MODE_TRANSPORT;
  std::uint64_t bytes = 0, packets = 0;
  std::uint16_t family = AF_INET;
};

Bytes newSa(const SaArgs& a, const std::vector<Bytes>& attrs = {}) {
  xfrm_usersa_info info{};
  inet_pton(AF_INET, a.src, &info.saddr.a4);
  inet_pton(AF_INET, a.dst, &info.id.daddr.a4);
  info.id.spi = htonl(a.spi);
  info.id.proto = a.proto;
  info.mode = a.mode;
  info.family = a.family;
  info.curlft.bytes = a.bytes;
  info.curlft.packets = a.packets;
  Bytes payload;
  append(payload, info);
  pad(payload, NLMSG_ALIGNTO);
  for (const auto& at : attrs) payload.insert(payload.end(), at.begin(), at.end());
  return message(XFRM_MSG_NEWSA, payload);
}

Bytes done(std::uint32_t seq = kSeq) { return message(NLMSG_DONE, Bytes(sizeof(int), 0), seq); }

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes b;
  for (const auto& p : parts) b.insert(b.end(), p.begin(), p.end());
  return b;
}

TEST(XfrmCounters, DecodesTheSasOfADumpAcrossDatagrams) {
  xfrm_replay_state replay{};
  replay.oseq = 2;
  xfrm_encap_tmpl encap{};
  encap.encap_type = UDP_ENCAP_ESPINUDP;
  encap.encap_sport = htons(4500);
  encap.encap_dport = htons(4500);
  xfrm_replay_state_esn esn{};
  esn.oseq = 9;

  // As the kernel sends a dump: SAs in one datagram, NLMSG_DONE in the next.
  Bytes first = concat({newSa({"1.0.0.5", "1.0.0.4", 0x1002, IPPROTO_ESP, XFRM_MODE_TRANSPORT, 176, 2},
                              {attr(XFRMA_REPLAY_VAL, replay)}),
                        newSa({"1.0.0.4", "1.2.3.4", 0x3001, IPPROTO_ESP, XFRM_MODE_TUNNEL, 0, 0},
                              {attr(XFRMA_ENCAP, encap), attr(XFRMA_REPLAY_ESN_VAL, esn)})});
  std::vector<XfrmSaCounters> sas;
  auto chunk = decodeXfrmDump(first, kSeq, sas);
  EXPECT_FALSE(chunk.done);
  EXPECT_FALSE(chunk.interrupted);
  ASSERT_EQ(sas.size(), 2u);
  EXPECT_EQ(sas[0].src.str(), "1.0.0.5");
  EXPECT_EQ(sas[0].dst.str(), "1.0.0.4");
  EXPECT_EQ(sas[0].spi, 0x1002u);
  EXPECT_EQ(sas[0].proto, "esp");
  EXPECT_EQ(sas[0].mode, "transport");
  EXPECT_EQ(sas[0].bytes, 176u);
  EXPECT_EQ(sas[0].packets, 2u);
  EXPECT_EQ(sas[0].oseq, 2u);
  EXPECT_FALSE(sas[0].udpEncap);
  EXPECT_EQ(sas[1].dst.str(), "1.2.3.4");
  EXPECT_EQ(sas[1].spi, 0x3001u);
  EXPECT_EQ(sas[1].mode, "tunnel");
  EXPECT_TRUE(sas[1].udpEncap);
  EXPECT_EQ(sas[1].oseq, 9u);

  chunk = decodeXfrmDump(done(), kSeq, sas);
  EXPECT_TRUE(chunk.done);
  EXPECT_EQ(sas.size(), 2u);
}

TEST(XfrmCounters, EmptyDumpAndOtherProtocols) {
  std::vector<XfrmSaCounters> sas;
  EXPECT_TRUE(decodeXfrmDump(done(), kSeq, sas).done);
  EXPECT_TRUE(sas.empty());
  decodeXfrmDump(newSa({"10.0.0.1", "10.0.0.2", 0x77, IPPROTO_COMP, XFRM_MODE_BEET}), kSeq, sas);
  ASSERT_EQ(sas.size(), 1u);
  EXPECT_EQ(sas[0].proto, "comp");
  EXPECT_EQ(sas[0].mode, "beet");
}

TEST(XfrmCounters, SkipsOtherSequencesAndIpv6AndUnknownAttributes) {
  std::vector<XfrmSaCounters> sas;
  SaArgs v6{"0.0.0.0", "0.0.0.0", 0x5};
  v6.family = AF_INET6;
  std::uint32_t unknown = 0xdeadbeef;
  Bytes otherSeq = newSa({"1.0.0.4", "1.0.0.5", 0x1});
  reinterpret_cast<nlmsghdr*>(otherSeq.data())->nlmsg_seq = kSeq + 1;
  auto chunk = decodeXfrmDump(
      concat({otherSeq, newSa(v6), newSa({"1.0.0.4", "1.0.0.5", 0x2}, {attr(XFRMA_MARK + 100, unknown)}), done(kSeq + 1)}),
      kSeq, sas);
  EXPECT_FALSE(chunk.done);  // that NLMSG_DONE ends another dump
  ASSERT_EQ(sas.size(), 1u);
  EXPECT_EQ(sas[0].spi, 0x2u);
}

TEST(XfrmCounters, ReportsAnInterruptedDump) {
  std::vector<XfrmSaCounters> sas;
  auto chunk = decodeXfrmDump(message(NLMSG_DONE, Bytes(sizeof(int), 0), kSeq, NLM_F_MULTI | NLM_F_DUMP_INTR), kSeq, sas);
  EXPECT_TRUE(chunk.done);
  EXPECT_TRUE(chunk.interrupted);
}

TEST(XfrmCounters, TruncatedMessageIsAClearError) {
  Bytes sa = newSa({"1.0.0.4", "1.0.0.5", 0x1001, IPPROTO_ESP, XFRM_MODE_TRANSPORT, 88, 1});
  std::vector<XfrmSaCounters> sas;
  Bytes cut(sa.begin(), sa.begin() + static_cast<long>(sa.size() / 2));
  try {
    decodeXfrmDump(cut, kSeq, sas);
    FAIL() << "a truncated message was accepted";
  } catch (const lab::sys::Error& e) {
    EXPECT_NE(std::string(e.what()).find("truncated netlink message"), std::string::npos) << e.what();
  }
  // Less than a header.
  EXPECT_THROW(decodeXfrmDump(Bytes(sa.begin(), sa.begin() + 8), kSeq, sas), lab::sys::Error);
  EXPECT_TRUE(sas.empty());
}

TEST(XfrmCounters, TruncatedPayloadOrAttributeIsAClearError) {
  std::vector<XfrmSaCounters> sas;
  // A NEWSA whose payload is shorter than xfrm_usersa_info.
  try {
    decodeXfrmDump(message(XFRM_MSG_NEWSA, Bytes(16, 0)), kSeq, sas);
    FAIL() << "a short xfrm_usersa_info was accepted";
  } catch (const lab::sys::Error& e) {
    EXPECT_NE(std::string(e.what()).find("truncated xfrm_usersa_info"), std::string::npos) << e.what();
  }
  // An attribute claiming more bytes than the message holds.
  xfrm_replay_state replay{};
  Bytes a = attr(XFRMA_REPLAY_VAL, replay);
  reinterpret_cast<rtattr*>(a.data())->rta_len = 200;
  try {
    decodeXfrmDump(newSa({"1.0.0.4", "1.0.0.5", 0x1}, {a}), kSeq, sas);
    FAIL() << "an overlong attribute was accepted";
  } catch (const lab::sys::Error& e) {
    EXPECT_NE(std::string(e.what()).find("truncated attribute"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(sas.empty());
}

TEST(XfrmCounters, KernelErrorIsThrownWithItsReason) {
  nlmsgerr err{};
  err.error = -EPERM;
  Bytes payload;
  append(payload, err);
  std::vector<XfrmSaCounters> sas;
  try {
    decodeXfrmDump(message(NLMSG_ERROR, payload, kSeq, 0), kSeq, sas);
    FAIL() << "NLMSG_ERROR was accepted";
  } catch (const lab::sys::Error& e) {
    EXPECT_NE(std::string(e.what()).find(std::strerror(EPERM)), std::string::npos) << e.what();
  }
}

TEST(XfrmCounters, DumpRequestIsAGetsaDump) {
  const auto req = xfrmDumpRequest(42);
  ASSERT_EQ(req.size(), NLMSG_SPACE(sizeof(xfrm_usersa_id)));
  nlmsghdr h;
  std::memcpy(&h, req.data(), sizeof h);
  EXPECT_EQ(h.nlmsg_len, NLMSG_LENGTH(sizeof(xfrm_usersa_id)));
  EXPECT_EQ(h.nlmsg_type, XFRM_MSG_GETSA);
  EXPECT_EQ(h.nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
  EXPECT_EQ(h.nlmsg_seq, 42u);
}

// The real kernel: a fresh namespace has no SAs, and the dump says so.
TEST(XfrmCounters, LiveDumpOfAnEmptyNamespace) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to create a network namespace";
  const std::string name = "lr-t3x-xfrm-" + std::to_string(::getpid());
  lab::netns::NetNs::remove(name);
  std::optional<lab::netns::NetNs> ns;
  try {
    ns.emplace(lab::netns::NetNs::create(name));
  } catch (const lab::sys::Error& e) {
    GTEST_SKIP() << "cannot create a network namespace here: " << e.what();
  }
  std::vector<XfrmSaCounters> sas;
  try {
    sas = readXfrmCounters(*ns);
  } catch (const lab::sys::Error& e) {
    lab::netns::NetNs::remove(name);
    FAIL() << e.what();
  }
  lab::netns::NetNs::remove(name);
  EXPECT_TRUE(sas.empty());
}

}  // namespace
}  // namespace harness::capture

#include "harness/capture/xfrm_counters.h"

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/udp.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstring>

#include "lab/netns/netns.h"
#include "lab/sys/error.h"
#include "lab/sys/fd.h"
#include "lab/sys/interrupt.h"

namespace harness::capture {
namespace {

constexpr std::size_t kNlHdr = NLMSG_ALIGN(sizeof(nlmsghdr));

// A struct copied out of a byte buffer (netlink data need not be aligned for T).
template <class T>
T load(const std::uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

[[noreturn]] void truncated(const std::string& what, std::size_t have, std::size_t need) {
  throw lab::sys::Error("XFRM dump: truncated " + what + " (" + std::to_string(have) + " bytes, needs " +
                        std::to_string(need) + ")");
}

std::string protoName(std::uint8_t p) {
  switch (p) {
    case IPPROTO_ESP: return "esp";
    case IPPROTO_AH: return "ah";
    case IPPROTO_COMP: return "comp";
    default: return std::to_string(p);
  }
}

std::string modeName(std::uint8_t m) {
  switch (m) {
    case XFRM_MODE_TRANSPORT: return "transport";
    case XFRM_MODE_TUNNEL: return "tunnel";
    case XFRM_MODE_ROUTEOPTIMIZATION: return "ro";
    case XFRM_MODE_IN_TRIGGER: return "in_trigger";
    case XFRM_MODE_BEET: return "beet";
    default: return std::to_string(m);
  }
}

std::string algName(const char (&name)[64]) { return std::string(name, strnlen(name, sizeof name)); }

// The key after an xfrm_algo-like header of `head` bytes: keyBits long.
std::vector<std::uint8_t> algKey(const std::uint8_t* data, std::size_t dataLen, std::size_t head, unsigned keyBits,
                                 const char* what) {
  const std::size_t keyLen = (keyBits + 7) / 8;
  if (dataLen < head + keyLen) truncated(what, dataLen, head + keyLen);
  return {data + head, data + head + keyLen};
}

// One XFRM_MSG_NEWSA payload: xfrm_usersa_info, then attributes.
void decodeSa(const std::uint8_t* p, std::size_t len, std::vector<XfrmSaCounters>& out) {
  if (len < sizeof(xfrm_usersa_info)) truncated("xfrm_usersa_info", len, sizeof(xfrm_usersa_info));
  const auto info = load<xfrm_usersa_info>(p);
  XfrmSaCounters sa;
  sa.src.value = ntohl(info.saddr.a4);
  sa.dst.value = ntohl(info.id.daddr.a4);
  sa.proto = protoName(info.id.proto);
  sa.spi = ntohl(info.id.spi);
  sa.mode = modeName(info.mode);
  sa.bytes = info.curlft.bytes;
  sa.packets = info.curlft.packets;
  sa.esp.spi = sa.spi;
  sa.esp.src = sa.src;
  sa.esp.dst = sa.dst;
  sa.esp.esn = (info.flags & XFRM_STATE_ESN) != 0;

  std::size_t at = std::min<std::size_t>(NLMSG_ALIGN(sizeof(xfrm_usersa_info)), len);
  while (len - at >= sizeof(rtattr)) {
    const auto rta = load<rtattr>(p + at);
    if (rta.rta_len < sizeof(rtattr) || rta.rta_len > len - at)
      truncated("attribute " + std::to_string(rta.rta_type & NLA_TYPE_MASK), len - at, rta.rta_len);
    const std::uint8_t* data = p + at + RTA_LENGTH(0);
    const std::size_t dataLen = rta.rta_len - RTA_LENGTH(0);
    switch (rta.rta_type & NLA_TYPE_MASK) {
      case XFRMA_ENCAP: {
        if (dataLen < sizeof(xfrm_encap_tmpl)) truncated("XFRMA_ENCAP", dataLen, sizeof(xfrm_encap_tmpl));
        const auto encap = load<xfrm_encap_tmpl>(data);
        sa.udpEncap = encap.encap_type == UDP_ENCAP_ESPINUDP || encap.encap_type == UDP_ENCAP_ESPINUDP_NON_IKE;
        if (sa.udpEncap) {
          sa.esp.encapSport = ntohs(encap.encap_sport);
          sa.esp.encapDport = ntohs(encap.encap_dport);
        }
        break;
      }
      case XFRMA_ALG_AEAD: {
        if (dataLen < sizeof(xfrm_algo_aead)) truncated("XFRMA_ALG_AEAD", dataLen, sizeof(xfrm_algo_aead));
        const auto a = load<xfrm_algo_aead>(data);
        sa.esp.aead = algName(a.alg_name);
        sa.esp.icvBits = a.alg_icv_len;
        sa.esp.aeadKey = algKey(data, dataLen, sizeof a, a.alg_key_len, "XFRMA_ALG_AEAD key");
        break;
      }
      case XFRMA_ALG_CRYPT: {
        if (dataLen < sizeof(xfrm_algo)) truncated("XFRMA_ALG_CRYPT", dataLen, sizeof(xfrm_algo));
        const auto a = load<xfrm_algo>(data);
        sa.esp.crypt = algName(a.alg_name);
        sa.esp.cryptKey = algKey(data, dataLen, sizeof a, a.alg_key_len, "XFRMA_ALG_CRYPT key");
        break;
      }
      case XFRMA_ALG_AUTH: {  // the kernel sends AUTH_TRUNC too when it knows it; that one wins
        if (dataLen < sizeof(xfrm_algo)) truncated("XFRMA_ALG_AUTH", dataLen, sizeof(xfrm_algo));
        const auto a = load<xfrm_algo>(data);
        if (!sa.esp.auth.empty()) break;
        sa.esp.auth = algName(a.alg_name);
        sa.esp.truncBits = 96;
        sa.esp.authKey = algKey(data, dataLen, sizeof a, a.alg_key_len, "XFRMA_ALG_AUTH key");
        break;
      }
      case XFRMA_ALG_AUTH_TRUNC: {
        if (dataLen < sizeof(xfrm_algo_auth)) truncated("XFRMA_ALG_AUTH_TRUNC", dataLen, sizeof(xfrm_algo_auth));
        const auto a = load<xfrm_algo_auth>(data);
        sa.esp.auth = algName(a.alg_name);
        sa.esp.truncBits = a.alg_trunc_len;
        sa.esp.authKey = algKey(data, dataLen, sizeof a, a.alg_key_len, "XFRMA_ALG_AUTH_TRUNC key");
        break;
      }
      case XFRMA_REPLAY_VAL:
        if (dataLen < sizeof(xfrm_replay_state)) truncated("XFRMA_REPLAY_VAL", dataLen, sizeof(xfrm_replay_state));
        sa.oseq = load<xfrm_replay_state>(data).oseq;
        break;
      case XFRMA_REPLAY_ESN_VAL:
        if (dataLen < sizeof(xfrm_replay_state_esn))
          truncated("XFRMA_REPLAY_ESN_VAL", dataLen, sizeof(xfrm_replay_state_esn));
        sa.oseq = load<xfrm_replay_state_esn>(data).oseq;
        break;
      default:
        break;
    }
    at += std::min<std::size_t>(RTA_ALIGN(rta.rta_len), len - at);
  }
  if (info.family == AF_INET) out.push_back(std::move(sa));
}

}  // namespace

std::vector<std::uint8_t> xfrmDumpRequest(std::uint32_t seq) {
  nlmsghdr h{};
  h.nlmsg_len = NLMSG_LENGTH(sizeof(xfrm_usersa_id));
  h.nlmsg_type = XFRM_MSG_GETSA;
  h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  h.nlmsg_seq = seq;
  std::vector<std::uint8_t> msg(NLMSG_SPACE(sizeof(xfrm_usersa_id)), 0);
  std::memcpy(msg.data(), &h, sizeof h);
  return msg;
}

XfrmDumpChunk decodeXfrmDump(std::span<const std::uint8_t> datagram, std::uint32_t seq,
                             std::vector<XfrmSaCounters>& out) {
  XfrmDumpChunk chunk;
  std::size_t at = 0;
  while (at < datagram.size()) {
    const std::size_t left = datagram.size() - at;
    if (left < sizeof(nlmsghdr)) truncated("netlink header", left, sizeof(nlmsghdr));
    const auto h = load<nlmsghdr>(datagram.data() + at);
    if (h.nlmsg_len < sizeof(nlmsghdr) || h.nlmsg_len > left) truncated("netlink message", left, h.nlmsg_len);
    const std::uint8_t* payload = datagram.data() + at + kNlHdr;
    const std::size_t payloadLen = h.nlmsg_len > kNlHdr ? h.nlmsg_len - kNlHdr : 0;
    if (h.nlmsg_seq == seq) {
      if (h.nlmsg_flags & NLM_F_DUMP_INTR) chunk.interrupted = true;
      if (h.nlmsg_type == NLMSG_DONE) {
        chunk.done = true;
      } else if (h.nlmsg_type == NLMSG_ERROR) {
        if (payloadLen < sizeof(int)) truncated("NLMSG_ERROR", payloadLen, sizeof(int));
        const int err = load<int>(payload);
        if (err != 0) throw lab::sys::Error("XFRM dump: the kernel answered " + std::string(std::strerror(-err)));
        chunk.done = true;  // an acknowledgement ends the exchange
      } else if (h.nlmsg_type == XFRM_MSG_NEWSA) {
        decodeSa(payload, payloadLen, out);
      }
    }
    at += std::min<std::size_t>(NLMSG_ALIGN(h.nlmsg_len), left);
  }
  return chunk;
}

std::vector<XfrmSaCounters> readXfrmCounters(const lab::netns::NetNs& ns) {
  using Clock = std::chrono::steady_clock;
  static std::atomic<std::uint32_t> nextSeq{1};
  // The socket stays in the namespace it was created in.
  lab::sys::Fd sock = lab::netns::runIn(ns, [&] {
    lab::sys::Fd s(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM));
    if (!s) lab::sys::throwErrno("NETLINK_XFRM socket in " + ns.name());
    return s;
  });
  const std::string where = "XFRM dump in " + ns.name();
  std::vector<std::uint8_t> buf(64 * 1024);
  for (int attempt = 0;; ++attempt) {
    const std::uint32_t seq = nextSeq++;
    const auto req = xfrmDumpRequest(seq);
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    if (::sendto(sock.get(), req.data(), req.size(), 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) < 0)
      lab::sys::throwErrno(where + ": send");
    std::vector<XfrmSaCounters> out;
    XfrmDumpChunk total;
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    while (!total.done) {
      lab::sys::throwIfInterrupted(where);
      if (Clock::now() >= deadline) throw lab::sys::Error(where + ": no answer from the kernel within 5 s");
      pollfd p{sock.get(), POLLIN, 0};
      const int ready = ::poll(&p, 1, 100);
      if (ready < 0 && errno != EINTR) lab::sys::throwErrno(where + ": poll");
      if (ready <= 0) continue;
      sockaddr_nl from{};
      socklen_t fromLen = sizeof from;
      const ssize_t n = ::recvfrom(sock.get(), buf.data(), buf.size(), MSG_TRUNC,
                                   reinterpret_cast<sockaddr*>(&from), &fromLen);
      if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        lab::sys::throwErrno(where + ": recv");
      }
      if (static_cast<std::size_t>(n) > buf.size())
        throw lab::sys::Error(where + ": a " + std::to_string(n) + "-byte datagram does not fit the buffer");
      if (from.nl_pid != 0) continue;  // not from the kernel
      auto chunk = decodeXfrmDump(std::span(buf.data(), static_cast<std::size_t>(n)), seq, out);
      total.done = chunk.done;
      total.interrupted = total.interrupted || chunk.interrupted;
    }
    // The SA table changed during the dump: what it returned may be
    // inconsistent, so ask again (as iproute2 would tell the user to).
    if (!total.interrupted) return out;
    if (attempt == 2) throw lab::sys::Error(where + ": interrupted three times by concurrent SA changes");
  }
}

}  // namespace harness::capture

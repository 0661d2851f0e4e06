#pragma once
// Per-SA packet/byte counters of the kernel's XFRM states in a namespace, to
// cross-check what the wire showed (ESP seen on the link <-> SA counters rose),
// and each ESP SA's algorithms and keys, to decrypt the captures (esp_crypto.h).
// Read in-process with an XFRM_MSG_GETSA dump on a NETLINK_XFRM socket opened
// inside the node's namespace (no `ip -s xfrm state`: under UML every exec
// costs tens to hundreds of milliseconds).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "harness/capture/esp_sa.h"
#include "lab/core/ip.h"

namespace lab::netns {
class NetNs;
}

namespace harness::capture {

struct XfrmSaCounters {
  lab::Ip4 src, dst;
  std::string proto;  // "esp", "ah", "comp" (else the protocol number)
  std::uint32_t spi = 0;
  std::string mode;   // "transport", "tunnel", "beet", ...
  bool udpEncap = false;  // XFRMA_ENCAP espinudp / espinudp-nonike
  std::uint64_t bytes = 0;
  std::uint64_t packets = 0;
  std::uint32_t oseq = 0;  // last sequence number sent (anti-replay context)
  EspSa esp;  // ESP SAs: algorithms, keys, ESN, encapsulation ports (spi/src/dst as above)
};

// The request: one nlmsghdr (XFRM_MSG_GETSA, NLM_F_REQUEST | NLM_F_DUMP,
// sequence `seq`) followed by an empty xfrm_usersa_id.
std::vector<std::uint8_t> xfrmDumpRequest(std::uint32_t seq);

struct XfrmDumpChunk {
  bool done = false;         // NLMSG_DONE seen: the dump is complete
  bool interrupted = false;  // NLM_F_DUMP_INTR: the SA table changed mid-dump
};

// Decodes one datagram of an XFRM_MSG_GETSA dump (as one recv() returned
// it): every XFRM_MSG_NEWSA with sequence `seq` is appended to `out`
// (IPv4 SAs only: the lab is IPv4). Messages of other sequences are skipped.
// Throws lab::sys::Error on a truncated message or attribute, or on an
// NLMSG_ERROR answer.
XfrmDumpChunk decodeXfrmDump(std::span<const std::uint8_t> datagram, std::uint32_t seq,
                             std::vector<XfrmSaCounters>& out);

// Dumps the XFRM states of ns over netlink. Throws lab::sys::Error if the
// socket cannot be opened or the kernel does not answer within 5 s, and
// lab::sys::Interrupted on Ctrl-C.
std::vector<XfrmSaCounters> readXfrmCounters(const lab::netns::NetNs& ns);

}  // namespace harness::capture

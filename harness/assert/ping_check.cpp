#include "harness/assert/ping_check.h"

#include <linux/icmp.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <vector>

#include "harness/assert/icmp_echo.h"
#include "lab/sys/error.h"
#include "lab/sys/fd.h"
#include "lab/sys/interrupt.h"

namespace harness::assert {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// The longest a wait blocks before looking at the interrupt flag again.
constexpr milliseconds kPollSlice{50};

// A raw ICMP socket in ns that receives echo replies only (every raw ICMP
// socket of the namespace sees every reply: the identifier tells ours).
lab::sys::Fd openIcmpSocket(const lab::netns::NetNs& ns) {
  return lab::netns::runIn(ns, [&] {
    lab::sys::Fd s(::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_ICMP));
    if (!s) {
      if (errno == EPERM || errno == EACCES)
        throw lab::sys::EnvironmentError("a raw ICMP socket in " + ns.name() + " needs root (CAP_NET_RAW)",
                                         "run labrun as root, or use --kernel uml");
      lab::sys::throwErrno("raw ICMP socket in " + ns.name());
    }
    icmp_filter only{};
    only.data = ~(1U << ICMP_ECHOREPLY);  // a set bit blocks that type
    if (::setsockopt(s.get(), SOL_RAW, ICMP_FILTER, &only, sizeof only) != 0)
      lab::sys::throwErrno("ICMP_FILTER in " + ns.name());
    return s;
  });
}

int percent(int part, int whole) { return whole == 0 ? 100 : (100 * part) / whole; }

}  // namespace

std::uint16_t nextEchoId() {
  static std::atomic<std::uint32_t> next{static_cast<std::uint32_t>(::getpid()) * 7919u};
  return static_cast<std::uint16_t>(next.fetch_add(1));
}

PingVerdict judgePing(const PingCheck& c, int sent, int received) {
  PingVerdict v;
  v.sent = sent;
  v.received = received;
  const int lossPct = percent(sent - received, sent);
  v.pass = sent >= c.count && lossPct <= c.maxLossPercent;
  v.detail = std::to_string(received) + "/" + std::to_string(sent) + " replies (" + std::to_string(lossPct) +
             "% loss, tolerance " + std::to_string(c.maxLossPercent) + "%)";
  return v;
}

PingVerdict runPing(const PingCheck& c, const lab::netns::NetNs& from) {
  const std::string what = "ping " + c.from + " -> " + c.to.str();
  lab::sys::Fd sock = openIcmpSocket(from);
  const std::uint16_t id = nextEchoId();
  sockaddr_in dst{};
  dst.sin_family = AF_INET;
  dst.sin_addr.s_addr = c.to.networkOrder();

  const auto start = Clock::now();
  const auto deadline = start + milliseconds(static_cast<long>(c.timeoutSec * 1000));
  const int count = std::max(0, c.count);
  std::vector<Clock::time_point> replyBy;  // per request sent: when its wait ends
  std::vector<bool> answered;
  int received = 0;
  std::string sendError;
  auto nextSend = start;
  std::vector<std::uint8_t> buf(2048);

  for (;;) {
    lab::sys::throwIfInterrupted(what);
    auto now = Clock::now();
    const int sent = static_cast<int>(replyBy.size());
    if (sent < count && now >= nextSend && now < deadline) {
      const auto seq = static_cast<std::uint16_t>(sent + 1);
      const auto msg = buildEchoRequest(id, seq);
      const bool out =
          ::sendto(sock.get(), msg.data(), msg.size(), 0, reinterpret_cast<const sockaddr*>(&dst), sizeof dst) >= 0;
      // A request that could not leave (e.g. no route) counts as sent and
      // lost, as with ping; no reply can come, so nothing waits for one.
      if (!out && sendError.empty()) sendError = std::strerror(errno);
      replyBy.push_back(out ? std::min(now + kPingReplyWait, deadline) : now);
      answered.push_back(false);
      nextSend = now + kPingInterval;
      continue;
    }
    // Done once every request is sent (or the check's time is up) and every
    // unanswered one has waited its turn.
    auto wake = now + kPollSlice;
    bool waiting = false;
    for (std::size_t i = 0; i < replyBy.size(); ++i)
      if (!answered[i] && now < replyBy[i]) {
        waiting = true;
        wake = std::min(wake, replyBy[i]);
      }
    if (sent < count && now < deadline) {
      waiting = true;
      wake = std::min(wake, nextSend);
    }
    if (!waiting) break;

    const auto ms = std::chrono::duration_cast<milliseconds>(wake - now).count();
    pollfd p{sock.get(), POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::clamp<long>(ms, 0, kPollSlice.count())));
    if (ready < 0 && errno != EINTR) lab::sys::throwErrno(what + ": poll");
    if (ready <= 0) continue;
    for (;;) {  // everything queued: replies of other pings in this namespace included
      const ssize_t n = ::recv(sock.get(), buf.data(), buf.size(), 0);
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) break;
        lab::sys::throwErrno(what + ": recv");
      }
      auto reply = parseEchoReply(std::span(buf.data(), static_cast<std::size_t>(n)));
      if (!reply || reply->id != id || reply->seq == 0 || reply->seq > replyBy.size()) continue;
      if (answered[reply->seq - 1]) continue;  // a duplicate
      answered[reply->seq - 1] = true;
      ++received;
    }
  }
  PingVerdict v = judgePing(c, static_cast<int>(replyBy.size()), received);
  if (!sendError.empty()) v.detail += "; send failed: " + sendError;
  return v;
}

}  // namespace harness::assert

#include "harness/capture/ike_ladder.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

namespace harness::capture {
namespace {

constexpr double kSameMessage = 0.25;  // seconds: one message seen on two links

std::string endpoint(const lab::Ip4& a, const std::optional<std::uint16_t>& port) {
  return port ? a.str() + ":" + std::to_string(*port) : a.str();
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

}  // namespace

std::vector<std::string> ikeLadder(const std::vector<std::vector<DecodedPacket>>& links) {
  std::vector<const DecodedPacket*> all;
  for (const auto& link : links)
    for (const auto& p : link)
      if (p.ike) all.push_back(&p);
  std::stable_sort(all.begin(), all.end(), [](auto* a, auto* b) { return a->time < b->time; });

  // One entry per message on the wire: the first sighting within kSameMessage.
  std::vector<const DecodedPacket*> messages;
  std::map<std::uint64_t, double> lastSeen;  // digest -> time of its last entry
  for (const auto* p : all) {
    auto it = lastSeen.find(p->ike->digest);
    if (it != lastSeen.end() && p->time - it->second < kSameMessage) continue;
    lastSeen[p->ike->digest] = p->time;
    messages.push_back(p);
  }

  std::vector<std::string> lines;
  if (messages.empty()) return lines;
  const double t0 = messages.front()->time;
  // IKEv1 numbering: per (initiator SPI, exchange, message id), first sightings of distinct messages.
  std::map<std::tuple<std::uint64_t, int, std::uint32_t>, int> counters;
  std::map<std::uint64_t, int> numberOf;  // digest -> its number
  for (const auto* p : messages) {
    const IkeMessage& m = *p->ike;
    std::string what = "IKEv" + std::to_string(m.majorVersion) + " " + m.exchangeName();
    bool again = false;
    if (m.majorVersion == 1) {
      auto [it, fresh] = numberOf.try_emplace(m.digest, 0);
      if (fresh) it->second = ++counters[{m.initiatorSpi, m.exchange, m.messageId}];
      again = !fresh;
      const int n = it->second;
      what += " #" + std::to_string(n) + (n % 2 ? " request" : " response");
    } else {
      again = numberOf.count(m.digest) > 0;
      numberOf[m.digest] = 1;
      what += m.response ? " response" : " request";
    }
    char head[64];
    std::snprintf(head, sizeof head, "+%.3fs  ", p->time - t0);
    std::string line = head + endpoint(p->src, p->srcPort) + " -> " + endpoint(p->dst, p->dstPort) + "  " + what +
                       " id " + std::to_string(m.messageId) + " [" + joined(m.payloads) + "]";
    if (again) line += " (retransmission)";
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace harness::capture

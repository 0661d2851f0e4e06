#include "harness/capture/ike_ladder.h"

#include <algorithm>
#include <cstdio>
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

std::string lookup(const std::map<std::string, std::string>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? std::string() : it->second;
}

// A message as first seen, and the NAT any of its sightings crossed (seen
// with a host's public address: NAT-T's inside sighting has the private one).
struct Sighting {
  const DecodedPacket* first;
  std::string via;
};

std::string natOf(const AddressBook& book, const DecodedPacket& p) {
  std::string via = lookup(book.natOf, p.src.str());
  return via.empty() ? lookup(book.natOf, p.dst.str()) : via;
}

// The first sighting of each message within kSameMessage, in time order.
std::vector<Sighting> messagesOf(const std::vector<std::vector<DecodedPacket>>& links, const AddressBook& book) {
  std::vector<const DecodedPacket*> all;
  for (const auto& link : links)
    for (const auto& p : link)
      if (p.ike) all.push_back(&p);
  std::stable_sort(all.begin(), all.end(), [](auto* a, auto* b) { return a->time < b->time; });
  std::vector<Sighting> messages;
  std::map<std::uint64_t, std::size_t> lastSeen;  // digest -> its last entry
  for (const auto* p : all) {
    auto it = lastSeen.find(p->ike->digest);
    if (it != lastSeen.end() && p->time - messages[it->second].first->time < kSameMessage) {
      auto& m = messages[it->second];
      if (m.via.empty()) m.via = natOf(book, *p);
      continue;
    }
    lastSeen[p->ike->digest] = messages.size();
    messages.push_back({p, natOf(book, *p)});
  }
  return messages;
}

}  // namespace

std::vector<LadderEntry> wireLadder(const std::vector<std::vector<DecodedPacket>>& links, const AddressBook& book) {
  std::vector<LadderEntry> out;
  // IKEv1 numbering: per (initiator SPI, exchange, message id), first sightings of distinct messages.
  std::map<std::tuple<std::uint64_t, int, std::uint32_t>, int> counters;
  std::map<std::uint64_t, int> numberOf;  // digest -> its number
  for (const auto& [p, via] : messagesOf(links, book)) {
    const IkeMessage& m = *p->ike;
    LadderEntry e;
    e.time = p->time;
    e.what = "IKEv" + std::to_string(m.majorVersion) + " " + m.exchangeName();
    if (m.majorVersion == 1) {
      auto [it, fresh] = numberOf.try_emplace(m.digest, 0);
      if (fresh) it->second = ++counters[{m.initiatorSpi, m.exchange, m.messageId}];
      e.retransmission = !fresh;
      const int n = it->second;
      e.what += " #" + std::to_string(n) + (n % 2 ? " request" : " response");
    } else {
      e.retransmission = numberOf.count(m.digest) > 0;
      numberOf[m.digest] = 1;
      e.what += m.response ? " response" : " request";
    }
    e.what += " id " + std::to_string(m.messageId) + " [" + joined(m.payloads) + "]";
    e.from = endpoint(p->src, p->srcPort);
    e.to = endpoint(p->dst, p->dstPort);
    e.fromNode = lookup(book.node, p->src.str());
    e.toNode = lookup(book.node, p->dst.str());
    e.via = via;
    e.notifies = m.notifies;
    out.push_back(std::move(e));
  }
  return out;
}

void mergeDaemonLines(std::vector<LadderEntry>& ladder, std::vector<LadderEntry> daemonLines) {
  for (auto& d : daemonLines) {
    d.daemon = true;
    ladder.push_back(std::move(d));
  }
  // Untimed lines keep their order after every timed one.
  std::stable_sort(ladder.begin(), ladder.end(), [](const LadderEntry& a, const LadderEntry& b) {
    if ((a.time == 0) != (b.time == 0)) return b.time == 0;
    return a.time < b.time;
  });
}

std::vector<std::string> ladderLines(const std::vector<LadderEntry>& ladder) {
  std::vector<std::string> lines;
  double t0 = 0;
  for (const auto& e : ladder)
    if (e.time != 0) {
      t0 = e.time;
      break;
    }
  for (const auto& e : ladder) {
    char head[64];
    if (e.time == 0) std::snprintf(head, sizeof head, "(no time)  ");
    else std::snprintf(head, sizeof head, "+%.3fs  ", e.time - t0);
    std::string line = head;
    if (e.daemon) line += e.what;
    else line += e.from + " -> " + e.to + "  " + e.what + (e.retransmission ? " (retransmission)" : "");
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace harness::capture

#include "harness/run/stage_ladder.h"

namespace harness::run {

capture::AddressBook addressBook(const lab::TopologySpec& topology) {
  capture::AddressBook book;
  for (const auto& h : topology.hosts) {
    book.node[h.address.addr.str()] = h.name;
    if (h.publicAddr) {
      book.node[h.publicAddr->str()] = h.name;
      book.natOf[h.publicAddr->str()] = h.behind;
    }
  }
  for (const auto& n : topology.nats) {
    book.node[n.insideAddr.str()] = n.name;
    book.node[n.outsideAddr.str()] = n.name;
  }
  return book;
}

std::vector<capture::LadderEntry> stageLadder(const lab::TopologySpec& topology,
                                              const std::vector<std::vector<capture::DecodedPacket>>& links,
                                              const std::vector<lab::ike::OutcomeEvent>& events) {
  auto ladder = capture::wireLadder(links, addressBook(topology));
  std::vector<capture::LadderEntry> lines;
  for (const auto& e : events) {
    capture::LadderEntry d;
    d.time = e.time;
    d.host = e.host;
    d.outcome = e.outcome;
    d.logLine = e.line;
    d.what = e.host + " (" + e.daemon + " " + e.version + ") logged " + e.outcome +
             (e.meaning.empty() ? std::string() : ": " + e.meaning);
    const auto colon = e.outcome.find(':');
    if (colon != std::string::npos && e.outcome.compare(0, colon, "notify") == 0)
      d.notifies.push_back(e.outcome.substr(colon + 1));
    lines.push_back(std::move(d));
  }
  capture::mergeDaemonLines(ladder, std::move(lines));
  return ladder;
}

}  // namespace harness::run

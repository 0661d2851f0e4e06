// A stage's IKE ladder as a Mermaid sequence diagram (markdown_mermaid.h).
// Ladder lines are harness/capture/ike_ladder.h's:
//   +0.102s  1.0.0.4:4500 -> 1.2.3.4:4500  IKEv1 Main Mode #5 request id 0 [encrypted]
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iterator>
#include <map>
#include <optional>
#include <regex>
#include <sstream>

#include "harness/report/markdown_mermaid.h"

namespace harness::report {
namespace {

using capture::LadderEntry;

// A ladder from a JSON without entries (older labrun): its lines read back.
//   +0.102s  1.0.0.4:4500 -> 1.2.3.4:4500  IKEv1 Main Mode #5 request id 0 [encrypted]
// Anything else is taken as a daemon's line; its host is its first word.
std::vector<LadderEntry> entriesFromLines(const std::vector<std::string>& lines) {
  static const std::regex message(R"(^\+(\S+)s\s+(\S+) -> (\S+)\s+(IKEv\d .*)$)");
  static const std::regex daemon(R"(^\+(\S+)s\s+(\S+) (.*)$)");
  std::vector<LadderEntry> out;
  for (const auto& line : lines) {
    LadderEntry e;
    std::smatch m;
    if (std::regex_match(line, m, message)) {
      e.time = 1 + std::stod(m[1].str());  // relative; +1 so that 0 still means "no time stamp"
      e.from = m[2].str();
      e.to = m[3].str();
      e.what = m[4].str();
      const std::string again = " (retransmission)";
      if (e.what.ends_with(again)) {
        e.retransmission = true;
        e.what.resize(e.what.size() - again.size());
      }
    } else {
      e.daemon = true;
      e.what = line;
      if (std::regex_match(line, m, daemon)) {
        e.time = 1 + std::stod(m[1].str());
        e.host = m[2].str();
        e.what = m[2].str() + " " + m[3].str();
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

// "1.2.3.4:4500" -> address, port.
std::pair<std::string, std::string> splitEndpoint(const std::string& e) {
  auto colon = e.rfind(':');
  if (colon == std::string::npos) return {e, ""};
  return {e.substr(0, colon), e.substr(colon + 1)};
}

std::string idOf(const std::string& prefix, const std::string& name) {
  std::string id = prefix + "_";
  for (unsigned char c : name) id += std::isalnum(c) ? static_cast<char>(c) : '_';
  return id;
}

// Lifelines: who an endpoint is, and the order they are drawn in.
class Lifelines {
 public:
  explicit Lifelines(const lab::TopologySpec* t) : t_(t) {
    if (!t) return;
    for (const auto& h : t->hosts) {
      byAddress_[h.address.addr.str()] = h.name;
      if (h.publicAddr) byAddress_[h.publicAddr->str()] = h.name;
    }
    for (const auto& n : t->nats) byAddress_[n.insideAddr.str()] = byAddress_[n.outsideAddr.str()] = n.name;
  }

  // The lifeline of a message's end: its lab node, else the node the
  // topology gives its address, else the address itself.
  std::string end(const std::string& node, const std::string& endpoint) {
    if (!node.empty()) return add(node);
    const std::string address = splitEndpoint(endpoint).first;
    auto it = byAddress_.find(address);
    return add(it == byAddress_.end() ? address : it->second);
  }
  std::string add(const std::string& name) {
    if (std::find(seen_.begin(), seen_.end(), name) == seen_.end()) seen_.push_back(name);
    return idOf("p", name);
  }
  bool has(const std::string& name) const { return std::find(seen_.begin(), seen_.end(), name) != seen_.end(); }
  const std::vector<std::string>& seen() const { return seen_; }

  // Declarations: the first host, the NATs the hosts sit behind (so that a
  // message through a NAT crosses its lifeline), the other hosts; then NATs
  // and addresses seen on their own.
  std::string declare() const {
    std::vector<std::string> order;
    auto put = [&](const std::string& n) {
      if (std::find(order.begin(), order.end(), n) == order.end()) order.push_back(n);
    };
    if (t_)
      for (const auto& h : t_->hosts) {
        if (!has(h.name)) continue;
        const bool first = order.empty();
        if (!first && !h.behind.empty()) put(h.behind);
        put(h.name);
        if (first && !h.behind.empty()) put(h.behind);
      }
    for (const auto& n : seen_) put(n);
    std::string out;
    for (const auto& n : order) out += "  participant " + idOf("p", n) + " as " + mermaidText(label(n)) + "\n";
    return out;
  }

 private:
  std::string label(const std::string& name) const {
    if (!t_) return name;
    for (const auto& h : t_->hosts)
      if (h.name == name) return h.name + " " + h.address.addr.str();
    for (const auto& n : t_->nats)
      if (n.name == name) {
        std::string map;
        for (const auto& h : t_->hosts)
          if (h.behind == n.name && h.publicAddr)
            map += (map.empty() ? " " : ", ") + h.address.addr.str() + " ↔ " + h.publicAddr->str();
        return "NAT " + n.name + map;
      }
    return name;
  }

  const lab::TopologySpec* t_;
  std::map<std::string, std::string> byAddress_;
  std::vector<std::string> seen_;
};

// The host an IKE check names: "... at A ...".
std::optional<std::string> namedHost(const std::string& text, const Lifelines& l) {
  static const std::regex at(R"( at ([A-Za-z0-9_.-]+))");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), at); it != std::sregex_iterator(); ++it)
    if (l.has((*it)[1].str())) return idOf("p", (*it)[1].str());
  return std::nullopt;
}

std::string timeText(double t, double t0) {
  if (t <= 0) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "+%.3fs ", t - t0);
  return buf;
}

}  // namespace

std::vector<CheckResult> checksOf(const RunResult& r, const std::string& stage) {
  std::vector<CheckResult> out;
  for (const auto& c : r.checks)
    if (c.stage == stage) out.push_back(c);
  return out;
}

bool stageWantsLadder(const std::vector<CheckResult>& checks) {
  return std::any_of(checks.begin(), checks.end(), [](const CheckResult& c) {
    if (c.verdict == Verdict::Fail || c.verdict == Verdict::Error) return true;
    const std::string stated = c.check.substr(0, c.check.find(" -> "));  // as the scenario states it
    std::istringstream words(stated);
    std::vector<std::string> w{std::istream_iterator<std::string>(words), {}};
    if (w.size() >= 2 && w[0] == "ike") return std::find(w.begin(), w.end(), "established") == w.end();
    return w.size() >= 2 && w[0] == "tunnel" && w.back() == "down";
  });
}

std::string ladderSequence(const IkeLadder& ladder, const lab::TopologySpec* topology,
                           const std::vector<CheckResult>& stageChecks) {
  const auto entries = ladder.entries.empty() ? entriesFromLines(ladder.lines) : ladder.entries;
  Lifelines lifelines(topology);
  double t0 = 0;
  for (const auto& e : entries)
    if (e.time > 0 && (t0 == 0 || e.time < t0)) t0 = e.time;
  bool daemonLines = false;
  // First pass: lifelines (a daemon line's host, a message's ends and the NAT it crossed).
  for (const auto& e : entries) {
    if (e.daemon) {
      if (!e.host.empty()) lifelines.add(e.host);
      daemonLines = true;
      continue;
    }
    lifelines.end(e.fromNode, e.from);
    if (!e.via.empty()) lifelines.add(e.via);
    lifelines.end(e.toNode, e.to);
  }
  if (lifelines.seen().empty() && topology)  // nothing named: the IPsec hosts
    for (const auto& h : topology->hosts) lifelines.add(h.name);
  if (lifelines.seen().empty()) lifelines.add("wire");
  const auto& seen = lifelines.seen();
  const std::string everyone = idOf("p", seen.front()) + (seen.size() > 1 ? "," + idOf("p", seen.back()) : "");

  std::ostringstream os;
  os << "```mermaid\nsequenceDiagram\n" << lifelines.declare();
  for (const auto& e : entries) {
    if (e.daemon) {
      const std::string over = e.host.empty() ? everyone : lifelines.add(e.host);
      os << "  Note over " << over << ": " << mermaidText(timeText(e.time, t0) + e.what) << '\n';
      continue;
    }
    const std::string from = lifelines.end(e.fromNode, e.from), to = lifelines.end(e.toNode, e.to);
    const bool response = e.what.find(" response ") != std::string::npos;
    const char* arrow = e.retransmission ? "-)" : response ? "-->>" : "->>";
    std::string text = timeText(e.time, t0) + e.what;
    const auto [fromAddr, fromPort] = splitEndpoint(e.from);
    const auto [toAddr, toPort] = splitEndpoint(e.to);
    if (fromPort != "500" || toPort != "500") text += " (UDP " + fromPort + " → " + toPort + ")";
    if (!e.via.empty()) text += " via " + e.via;
    if (e.retransmission) text += " (retransmission)";
    os << "  " << from << arrow << to << ": " << mermaidText(text) << '\n';
  }
  if (!daemonLines)  // no daemon lines (an older run): what the stage's IKE checks saw
    for (const auto& c : stageChecks)
      if (c.check.starts_with("ike "))
        os << "  Note over " << namedHost(c.check, lifelines).value_or(everyone) << ": "
           << mermaidText(std::string(verdictName(c.verdict)) + ": " + c.check) << '\n';
  os << "```\n";
  return os.str();
}

}  // namespace harness::report

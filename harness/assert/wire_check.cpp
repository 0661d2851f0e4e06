#include "harness/assert/wire_check.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>

#include "harness/capture/stack_pattern.h"

namespace harness::assert {
namespace {

using capture::DecodedPacket;
using capture::StackPattern;

std::string directionKey(const DecodedPacket& p) {
  std::string key = p.stackStr();
  if (p.hasIp()) key += " " + p.src.str() + " > " + p.dst.str();
  return key;
}

bool passesFilter(const WireCheck& c, const DecodedPacket& p) {
  if (!c.from && !c.to) return true;
  if (!p.hasIp()) return false;
  return (!c.from || p.src == *c.from) && (!c.to || p.dst == *c.to);
}

std::string filterText(const WireCheck& c) {
  std::string s;
  if (c.from) s += " from " + c.from->str();
  if (c.to) s += " to " + c.to->str();
  return s;
}

struct PatternCount {
  std::string text;
  std::optional<StackPattern> pattern;
  std::string error;
  std::size_t matched = 0;
};

std::vector<PatternCount> countMatches(const std::vector<std::string>& patterns, const WireCheck& c,
                                       const std::vector<DecodedPacket>& packets) {
  std::vector<PatternCount> out;
  for (const auto& text : patterns) {
    PatternCount pc{text, StackPattern::parse(text, nullptr), {}, 0};
    if (!pc.pattern) {
      StackPattern::parse(text, &pc.error);
    } else {
      for (const auto& p : packets) {
        if (passesFilter(c, p) && pc.pattern->matches(p.stack, p.inner)) ++pc.matched;
      }
    }
    out.push_back(std::move(pc));
  }
  return out;
}

std::string packetsWord(std::size_t n) { return std::to_string(n) + (n == 1 ? " packet" : " packets"); }

}  // namespace

std::string seenTable(const std::vector<DecodedPacket>& packets, std::size_t maxLines) {
  std::map<std::string, std::pair<std::size_t, std::size_t>> counts;  // key -> (count, first index)
  for (std::size_t i = 0; i < packets.size(); ++i) {
    auto [it, inserted] = counts.try_emplace(directionKey(packets[i]), 0, i);
    ++it->second.first;
  }
  std::vector<std::pair<std::string, std::pair<std::size_t, std::size_t>>> rows(counts.begin(), counts.end());
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    if (a.second.first != b.second.first) return a.second.first > b.second.first;
    return a.second.second < b.second.second;
  });
  std::string out;
  for (std::size_t i = 0; i < rows.size() && i < maxLines; ++i) {
    char count[32];
    std::snprintf(count, sizeof count, "%4zu", rows[i].second.first);
    out += "  " + std::string(count) + " \u00d7 " + rows[i].first + "\n";
  }
  if (rows.size() > maxLines) out += "  ... " + std::to_string(rows.size() - maxLines) + " more stacks\n";
  return out;
}

WireVerdict evaluateWire(const WireCheck& check, const std::vector<DecodedPacket>& packets,
                         const std::string& pcapPath) {
  const std::string filter = filterText(check);
  auto shows = countMatches(check.shows, check, packets);
  auto never = countMatches(check.never, check, packets);

  std::vector<std::string> problems;
  for (const auto& s : shows) {
    if (!s.pattern) problems.push_back("bad pattern '" + s.text + "': " + s.error);
    else if (s.matched == 0) problems.push_back("expected " + s.pattern->str() + filter + ": not seen");
  }
  for (const auto& n : never) {
    if (!n.pattern) problems.push_back("bad pattern '" + n.text + "': " + n.error);
    else if (n.matched > 0) {
      problems.push_back("expected never " + n.pattern->str() + filter + ": seen in " + packetsWord(n.matched));
    }
  }

  WireVerdict v;
  v.pass = problems.empty();
  const std::string link = check.node + ":" + check.iface;
  if (v.pass) {
    std::string s = "wire " + link + ":";
    for (const auto& x : shows) s += " shows " + x.text + filter + ": " + packetsWord(x.matched) + ";";
    if (!never.empty()) {
      s += " never";
      for (std::size_t i = 0; i < never.size(); ++i) s += (i ? ", " : " ") + never[i].text;
      s += ": none;";
    }
    s += " (" + packetsWord(packets.size()) + " captured)";
    v.detail = s;
    return v;
  }

  std::size_t malformed = std::count_if(packets.begin(), packets.end(), [](const auto& p) { return p.malformed; });
  std::string d = "wire " + link + " failed:\n";
  for (const auto& p : problems) d += "  " + p + "\n";
  if (packets.empty()) {
    d += "seen: no packets captured on this link\n";
  } else {
    d += "seen: " + packetsWord(packets.size()) + " (" + std::to_string(malformed) + " malformed)\n";
    d += seenTable(packets);
    if (malformed > 0) {
      for (const auto& p : packets) {
        if (p.malformed) {
          d += "  first malformed: " + p.note + "\n";
          break;
        }
      }
    }
  }
  d += "pcap: " + pcapPath;
  v.detail = d;
  return v;
}

}  // namespace harness::assert

#include "harness/cli/reproduce_map.h"

#include <cctype>

#include "harness/scenario/usage_error.h"

namespace harness::cli {
using scenario::UsageError;

namespace {

bool addrChar(char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; }

std::string replaceAddress(const std::string& text, const std::string& from, const std::string& to) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto at = text.find(from, i);
    if (at == std::string::npos) break;
    const bool whole = (at == 0 || !addrChar(text[at - 1])) &&
                       (at + from.size() >= text.size() || !addrChar(text[at + from.size()]));
    out += text.substr(i, at - i) + (whole ? to : from);
    i = at + from.size();
  }
  return out + text.substr(i);
}

}  // namespace

std::string applyAddressMaps(const std::string& text, const std::vector<std::string>& maps,
                             const lab::TopologySpec& topology) {
  std::string out = text;
  for (const auto& m : maps) {
    const auto eq = m.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == m.size())
      throw UsageError("--map: expected ADDRESS=HOST (e.g. --map 203.0.113.7=C), got '" + m + "'");
    const std::string addr = m.substr(0, eq), host = m.substr(eq + 1);
    const lab::HostSpec* h = nullptr;
    for (const auto& x : topology.hosts)
      if (x.name == host) h = &x;
    if (!h) throw UsageError("--map " + m + ": the lab has no host '" + host + "' (" + labAddresses(topology) + ")");
    out = replaceAddress(out, addr, h->publicAddr ? h->publicAddr->str() : h->address.addr.str());
  }
  return out;
}

std::string labAddresses(const lab::TopologySpec& topology) {
  std::string out;
  for (const auto& h : topology.hosts) {
    out += (out.empty() ? "" : ", ") + h.name + " " + h.address.addr.str();
    if (h.publicAddr) out += " (public " + h.publicAddr->str() + ")";
  }
  return out;
}

bool isLabAddress(const std::string& addr, const lab::TopologySpec& topology) {
  for (const auto& h : topology.hosts)
    if (h.address.addr.str() == addr || (h.publicAddr && h.publicAddr->str() == addr)) return true;
  for (const auto& t : topology.tunnels)
    for (const auto& e : t.ends)
      if (e.inner.addr.str() == addr) return true;
  return false;
}

}  // namespace harness::cli

// IpsecSpec's lookups (scenario_spec.h).
#include <algorithm>

#include "harness/scenario/scenario_spec.h"

namespace harness {

std::vector<std::string> IpsecSpec::hosts() const {
  std::vector<std::string> out;
  for (const auto& c : conns)
    for (const auto& h : c.hosts)
      if (std::find(out.begin(), out.end(), h) == out.end()) out.push_back(h);
  return out;
}

const IpsecConn* IpsecSpec::conn(const std::string& name) const {
  for (const auto& c : conns)
    if (c.name == name) return &c;
  return nullptr;
}

std::vector<const IpsecConn*> IpsecSpec::connsOf(const std::string& host) const {
  std::vector<const IpsecConn*> out;
  for (const auto& c : conns)
    if (c.hasEnd(host)) out.push_back(&c);
  return out;
}

const IpsecConn* IpsecSpec::onlyConnOf(const std::string& host) const {
  auto cs = connsOf(host);
  return cs.size() == 1 ? cs.front() : nullptr;
}

}  // namespace harness

// CheckSpec::describe(): the one-line name of a check in reports.
#include <type_traits>

#include "harness/scenario/scenario_spec.h"

namespace harness {
namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::string describePing(const PingCheck& p) { return "ping " + p.from + " -> " + p.to.str(); }

std::string describeWire(const WireCheck& w) {
  std::string out = "wire " + w.node + ":" + w.iface;
  if (!w.shows.empty()) out += " shows " + join(w.shows);
  if (w.from) out += " from " + w.from->str();
  if (w.to) out += " to " + w.to->str();
  if (!w.never.empty()) out += (w.shows.empty() ? " never " : ", never ") + join(w.never);
  return out;
}

std::string describeTunnel(const TunnelCheck& t) {
  return "tunnel " + (t.conn.empty() ? "" : t.conn + " ") + (t.up ? "up" : "down");
}

std::string describeIke(const IkeCheck& i) {
  return "ike " + (i.conn.empty() ? "" : i.conn + " ") + i.outcome + (i.at.empty() ? "" : " at " + i.at);
}

}  // namespace

std::string CheckSpec::describe() const {
  return std::visit(
      [](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, PingCheck>) return describePing(c);
        else if constexpr (std::is_same_v<T, WireCheck>) return describeWire(c);
        else if constexpr (std::is_same_v<T, TunnelCheck>) return describeTunnel(c);
        else return describeIke(c);
      },
      check);
}

}  // namespace harness

// mermaidText and the topology flowchart (markdown_mermaid.h).
#include "harness/report/markdown_mermaid.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

namespace harness::report {
namespace {

// A node id Mermaid takes as is: letters, digits, '_', behind a prefix (so
// no id is a keyword such as "end").
std::string nodeId(const std::string& prefix, const std::string& name) {
  std::string id = prefix + "_";
  for (unsigned char c : name) id += std::isalnum(c) ? static_cast<char>(c) : '_';
  return id;
}

std::string lines(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts)
    if (!p.empty()) out += (out.empty() ? "" : "<br/>") + mermaidText(p);
  return out;
}

const char* modeName(lab::ike::Mode m) {
  return m == lab::ike::Mode::GreOverIpsec ? "GRE over IPsec" : "IPsec over GRE";
}

// "libreswan 4.3 (4.3-1+deb11u4, bullseye)" per daemon a run started on the
// host; without a run, the scenario's implementation.
std::vector<std::string> daemonsOf(const std::string& host, const ScenarioSpec& spec,
                                   const std::vector<DaemonInfo>& daemons) {
  std::vector<std::string> out;
  const auto count = std::count_if(daemons.begin(), daemons.end(), [&](const auto& d) { return d.host == host; });
  for (const auto& d : daemons)  // an upgrade: one per release, from the stage it started in
    if (d.host == host) out.push_back(d.describe() + (count > 1 && !d.stage.empty() ? " from stage " + d.stage : ""));
  if (out.empty() && spec.ipsec)
    if (auto it = spec.ipsec->daemons.find(host); it != spec.ipsec->daemons.end()) out.push_back(it->second);
  return out;
}

}  // namespace

std::string mermaidText(std::string_view s) {
  std::string out;
  for (char c : s) switch (c) {
      case '"': out += "#quot;"; break;
      case '#': out += "#35;"; break;
      case ';': out += "#59;"; break;
      case '<': out += "#lt;"; break;
      case '>': out += "#gt;"; break;
      case '&': out += "#amp;"; break;
      case '|': out += "#124;"; break;
      case '`': out += "#96;"; break;
      case '{': out += "#123;"; break;
      case '}': out += "#125;"; break;
      case '\n': case '\r': case '\t': out += ' '; break;
      default: out += c;
    }
  return out;
}

std::string topologyFlowchart(const ScenarioSpec& spec, const std::vector<DaemonInfo>& daemons) {
  const lab::TopologySpec& t = spec.topology;
  std::ostringstream os;
  os << "```mermaid\nflowchart LR\n";
  for (const auto& s : t.segments)
    os << "  " << nodeId("seg", s.name) << "([\"" << lines({"segment " + s.name, s.subnet.str()}) << "\"])\n";
  bool router = false;
  for (const auto& s : t.segments)
    if (s.gateway) {
      if (!router) os << "  router{{\"router\"}}\n";
      router = true;
      os << "  router ---|\"" << mermaidText(s.gateway->str()) << "\"| " << nodeId("seg", s.name) << '\n';
    }
  for (const auto& n : t.nats) {
    std::vector<std::string> label = {"1:1 NAT " + n.name};
    for (const auto& h : t.hosts)
      if (h.behind == n.name && h.publicAddr)
        label.push_back(h.name + ": " + h.address.addr.str() + " ↔ " + h.publicAddr->str());
    const std::string id = nodeId("nat", n.name);
    os << "  " << id << "[/\"" << lines(label) << "\"\\]\n";
    os << "  " << nodeId("seg", n.insideSegment) << " ---|\"" << mermaidText("inside " + n.insideAddr.str()) << "\"| "
       << id << '\n';
    os << "  " << id << " ---|\"" << mermaidText("outside " + n.outsideAddr.str()) << "\"| "
       << nodeId("seg", n.outsideSegment) << '\n';
  }
  for (const auto& h : t.hosts) {
    std::vector<std::string> label = {"host " + h.name, h.iface + " " + h.address.str()};
    if (h.publicAddr) label.push_back("public " + h.publicAddr->str() + " on " + h.behind);
    for (const auto& d : daemonsOf(h.name, spec, daemons)) label.push_back(d);
    os << "  " << nodeId("host", h.name) << "[\"" << lines(label) << "\"]\n";
    os << "  " << nodeId("host", h.name) << " --- " << nodeId("seg", h.segment) << '\n';
  }
  for (const auto& tu : t.tunnels)
    os << "  " << nodeId("host", tu.ends[0].host) << " <-.->|\""
       << mermaidText(tu.type + " " + tu.name + ": " + tu.ends[0].inner.str() + " ↔ " + tu.ends[1].inner.str())
       << "\"| " << nodeId("host", tu.ends[1].host) << '\n';
  if (spec.ipsec)
    for (const auto& c : spec.ipsec->conns) {
      std::string label = "IPsec " + c.name + ": IKEv" + std::to_string(c.ikeVersion) + ", " +
                          (c.auth == lab::ike::Auth::Rsa ? "RSA" : "PSK") + ", " + modeName(c.mode);
      if (!c.initiator.empty()) label += ", " + c.initiator + " initiates";
      os << "  " << nodeId("host", c.hosts[0]) << " <==>|\"" << mermaidText(label) << "\"| "
         << nodeId("host", c.hosts[1]) << '\n';
    }
  os << "```\n";
  return os.str();
}

}  // namespace harness::report

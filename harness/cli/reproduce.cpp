#include "harness/cli/reproduce.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "harness/scenario/usage_error.h"

namespace harness::cli {
using scenario::UsageError;

void applyReproduce(ScenarioSpec& spec, const std::vector<std::string>& hostFiles) {
  if (hostFiles.empty()) return;
  if (!spec.ipsec) throw UsageError("reproduce: scenario " + spec.name + " has no ipsec: section to put conns in");
  StageSpec stage;
  stage.name = "your config";
  std::vector<const IpsecConn*> conns;
  for (const auto& hf : hostFiles) {
    auto eq = hf.find('=');
    if (eq == std::string::npos) throw UsageError("--host: expected HOST=FILE, got '" + hf + "'");
    const std::string host = hf.substr(0, eq), file = hf.substr(eq + 1);
    const auto of = spec.ipsec->connsOf(host);
    if (of.empty()) {
      std::string ends;
      for (const auto& h : spec.ipsec->hosts()) ends += (ends.empty() ? "" : ", ") + h;
      throw UsageError("--host: '" + host + "' is not an end of " + spec.name + "'s IPsec connections (" + ends + ")");
    }
    if (of.size() > 1)
      throw UsageError("--host: " + host + " has " + std::to_string(of.size()) + " connections in " + spec.name +
                       "; reproduce takes a host with one");
    std::ifstream in(file);
    if (!in) throw UsageError("--host: cannot read " + file);
    std::stringstream text;
    text << in.rdbuf();
    try {
      stage.config[of[0]->name][host] = lab::ike::recogniseOwnConfig(text.str());
    } catch (const lab::ike::OwnConfigError& e) {
      throw UsageError(file + (e.line() ? ":" + std::to_string(e.line()) : "") + ": " + e.what());
    }
    if (std::find(conns.begin(), conns.end(), of[0]) == conns.end()) conns.push_back(of[0]);
  }
  // What a user asks of their config: does the tunnel come up, does the
  // tunnel inside it carry traffic. The verdicts carry the outcomes and the why.
  CheckSpec up;
  up.check = TunnelCheck{"", true, 15};
  stage.checks.push_back(up);
  for (const auto* c : conns) {
    const lab::TunnelSpec& t = *spec.topology.tunnel(c->tunnel);
    CheckSpec ping;
    ping.check = PingCheck{t.ends[0].host, t.ends[1].inner.addr, 3, 0, 5};
    stage.checks.push_back(ping);
    // GRE over IPsec: GRE flows even without the SA, in clear. The wire
    // says whether it was protected.
    if (c->mode == lab::ike::Mode::GreOverIpsec)
      for (const auto& h : spec.topology.hosts)
        if (h.name == t.ends[0].host) {
          CheckSpec wire;
          WireCheck w;
          w.node = h.name;
          w.iface = h.iface;
          w.shows = {"esp"};
          w.never = {t.type};
          wire.check = w;
          stage.checks.push_back(wire);
        }
  }
  spec.stages = {stage};
  for (auto& c : spec.ipsec->conns) c.set.clear();
}

}  // namespace harness::cli

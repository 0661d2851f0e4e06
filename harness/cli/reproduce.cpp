#include "harness/cli/reproduce.h"

#include <fstream>
#include <sstream>

#include "harness/cli/scenario_locator.h"

namespace harness::cli {

void applyReproduce(ScenarioSpec& spec, const std::vector<std::string>& hostFiles) {
  if (hostFiles.empty()) return;
  if (!spec.ipsec) throw UsageError("reproduce: scenario " + spec.name + " has no ipsec: section to put conns in");
  StageSpec stage;
  stage.name = "your config";
  for (const auto& hf : hostFiles) {
    auto eq = hf.find('=');
    if (eq == std::string::npos) throw UsageError("--host: expected HOST=FILE, got '" + hf + "'");
    const std::string host = hf.substr(0, eq), file = hf.substr(eq + 1);
    if (host != spec.ipsec->hosts[0] && host != spec.ipsec->hosts[1])
      throw UsageError("--host: '" + host + "' is not an end of " + spec.name + "'s IPsec connection (" +
                       spec.ipsec->hosts[0] + ", " + spec.ipsec->hosts[1] + ")");
    std::ifstream in(file);
    if (!in) throw UsageError("--host: cannot read " + file);
    std::stringstream text;
    text << in.rdbuf();
    std::string err;
    auto lit = scenario::parseLiteralConn(text.str(), &err);
    if (!lit) throw UsageError(file + ": not a libreswan conn block: " + err);
    stage.config[host] = std::move(*lit);
  }
  // What a user asks of their config: does the tunnel come up, does GRE
  // inside it carry traffic. The verdicts carry the outcomes and the why.
  CheckSpec up;
  up.check = TunnelCheck{true, 15};
  stage.checks.push_back(up);
  for (const auto& t : spec.topology.tunnels)
    if (t.name == spec.ipsec->gre) {
      CheckSpec ping;
      ping.check = PingCheck{t.ends[0].host, t.ends[1].inner.addr, 3, 0, 5};
      stage.checks.push_back(ping);
      // GRE over IPsec: GRE flows even without the SA, in clear. The wire
      // says whether it was protected.
      if (spec.ipsec->mode == lab::ike::Mode::GreOverIpsec)
        for (const auto& h : spec.topology.hosts)
          if (h.name == t.ends[0].host) {
            CheckSpec wire;
            WireCheck w;
            w.node = h.name;
            w.iface = h.iface;
            w.shows = {"esp"};
            w.never = {"gre"};
            wire.check = w;
            stage.checks.push_back(wire);
          }
    }
  spec.stages = {stage};
  spec.ipsec->set.clear();
}

}  // namespace harness::cli

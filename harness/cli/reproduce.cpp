#include "harness/cli/reproduce.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <tuple>

#include "harness/cli/reproduce_map.h"
#include "harness/scenario/usage_error.h"
#include "lab/ike/registry.h"

namespace harness::cli {
using scenario::UsageError;
namespace fs = std::filesystem;

namespace {

bool isIpv4Literal(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789.") == std::string::npos;
}

// Every address the conn names (left, right) is one of the lab's, so the
// user's conn meets the lab's hosts; else exit 2 naming them and --map.
void checkAddresses(const lab::ike::OwnConfig& own, const std::string& file, const ScenarioSpec& spec,
                    const std::string& host, const std::string& peer) {
  for (const auto* impl : lab::ike::implementations()) {
    const auto f = impl->ownConfigFormats();
    if (std::find(f.begin(), f.end(), own.format) == f.end()) continue;
    const auto c = impl->readOwnConfig(own, {}, 0, impl->installedVersion()).conn;
    for (const auto& [side, addr, who] : {std::tuple{"left (local)", c.left, host}, {"right (remote)", c.right, peer}})
      if (isIpv4Literal(addr) && !isLabAddress(addr, spec.topology))
        throw UsageError(file + ": conn " + c.name + "'s " + side + " address " + addr + " matches no host of " +
                         spec.name + " (" + labAddresses(spec.topology) + "); map it to the host it stands for: --map " +
                         addr + "=" + who + "; nothing was created");
    return;
  }
}

// The user's conn under the lab's name for the connection it stands for
// (the peer's daemon and the checks know it by that name).
lab::ike::OwnConfig renamed(const lab::ike::OwnConfig& own, const std::string& name) {
  if (own.name == name) return own;
  for (const auto* impl : lab::ike::implementations()) {
    const auto f = impl->ownConfigFormats();
    if (std::find(f.begin(), f.end(), own.format) == f.end()) continue;
    if (auto r = impl->renameOwnConfig(own, name)) return *r;
  }
  throw UsageError("conn " + own.name + " stands for the lab's connection " + name +
                   ", and labrun cannot rename it: name it " + name + " in the file");
}

}  // namespace

void applyReproduce(ScenarioSpec& spec, const std::vector<std::string>& hostFiles, const ReproduceOptions& opts) {
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
      const std::string mapped = applyAddressMaps(text.str(), opts.maps, spec.topology);
      auto own = lab::ike::recogniseOwnConfig(mapped, opts.format, fs::absolute(file).parent_path());
      checkAddresses(own, file, spec, host, of[0]->hosts[0] == host ? of[0]->hosts[1] : of[0]->hosts[0]);
      own = renamed(own, of[0]->name);
      stage.config[of[0]->name][host] = std::move(own);
    } catch (const lab::ike::OwnConfigError& e) {
      throw UsageError(file + e.where() + ": " + e.what() + "; nothing was created");
    }
    if (std::find(conns.begin(), conns.end(), of[0]) == conns.end()) conns.push_back(of[0]);
  }
  // What a user asks of their config: does the tunnel come up, does the
  // tunnel inside it carry traffic. The verdicts carry the outcomes and the why.
  for (const auto* c : conns) {
    CheckSpec up;
    up.check = TunnelCheck{spec.ipsec->conns.size() > 1 ? c->name : "", true, 15};
    stage.checks.push_back(up);
  }
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

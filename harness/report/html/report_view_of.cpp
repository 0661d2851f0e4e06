#include "harness/report/html/report_view_of.h"

namespace harness::report::html {
namespace {

std::string addrOf(const lab::Prefix& p) { return p.str(); }

std::string settingsText(const ConnSettings& s) {
  std::string out;
  auto add = [&](const char* k, const std::optional<std::string>& v) {
    if (v) out += (out.empty() ? "" : " ") + std::string(k) + "=" + *v;
  };
  add("left", s.left);
  add("leftid", s.leftid);
  add("right", s.right);
  add("rightid", s.rightid);
  if (s.autoStart) out += (out.empty() ? "" : " ") + std::string(*s.autoStart ? "auto=start" : "auto=add");
  return out;
}

// The daemon a host ran (its first; a stage that moved it to another release adds " > ...").
std::string daemonOf(const RunResult& r, const std::string& host) {
  std::string out;
  for (const auto& d : r.daemons)
    if (d.host == host) out += (out.empty() ? "" : " > ") + d.describe();
  return out;
}

}  // namespace

ReportView reportViewOf(const ScenarioSpec& spec, const RunResult& r) {
  ReportView v;
  v.scenario = spec.name;
  v.about = spec.about;
  const auto& t = spec.topology;
  for (const auto& s : t.segments) v.segments.push_back({s.name, s.subnet.str(), s.gateway ? s.gateway->str() : ""});
  for (const auto& h : t.hosts)
    v.hosts.push_back({h.name, h.segment, addrOf(h.address), h.publicAddr ? h.publicAddr->str() : "", h.behind,
                       daemonOf(r, h.name)});
  for (const auto& n : t.nats)
    v.nats.push_back({n.name, n.insideSegment, n.insideAddr.str(), n.outsideSegment, n.outsideAddr.str()});
  for (const auto& tu : t.tunnels) {
    TunnelView tv{tu.name, tu.type, {}, {}, {}, {}};
    for (int i = 0; i < 2; ++i) {
      tv.hosts[i] = tu.ends[i].host;
      tv.inner[i] = tu.ends[i].inner.str();
      tv.local[i] = tu.ends[i].local.str();
      tv.remote[i] = tu.ends[i].remote.str();
    }
    v.tunnels.push_back(std::move(tv));
  }
  if (spec.ipsec)
    for (const auto& c : spec.ipsec->conns) {
      ConnView cv;
      cv.name = c.name;
      cv.tunnel = c.tunnel;
      cv.mode = c.mode == lab::ike::Mode::GreOverIpsec ? "GRE over IPsec (transport mode, GRE selected)"
                                                        : "IPsec over GRE (tunnel mode, between the inner addresses)";
      cv.ike = "IKEv" + std::to_string(c.ikeVersion);
      cv.auth = c.auth == lab::ike::Auth::Psk ? "psk" : "rsa";
      cv.initiator = c.initiator;
      for (int i = 0; i < 2; ++i) {
        cv.hosts[i] = c.hosts[i];
        cv.daemon[i] = daemonOf(r, c.hosts[i]);
        if (auto it = c.set.find(c.hosts[i]); it != c.set.end()) cv.settings[i] = settingsText(it->second);
        if (c.config.count(c.hosts[i])) cv.settings[i] += (cv.settings[i].empty() ? "" : "; ") + std::string("its own conn");
      }
      v.conns.push_back(std::move(cv));
    }
  for (const auto& st : spec.stages) {
    StageView sv{st.name, {}};
    for (const auto& [conn, ends] : st.set)
      for (const auto& [host, s] : ends)
        if (auto text = settingsText(s); !text.empty()) sv.settings.push_back(conn + " " + host + ": " + text);
    for (const auto& [conn, ends] : st.config)
      for (const auto& [host, own] : ends) sv.settings.push_back(conn + " " + host + ": its own conn");
    for (const auto& [conn, m] : st.mode)
      sv.settings.push_back(conn + ": " + (m == lab::ike::Mode::GreOverIpsec ? "GRE over IPsec" : "IPsec over GRE"));
    for (const auto& [host, rel] : st.release) sv.settings.push_back(host + " moved to " + rel);
    if (!st.fault.wrongPsk.empty()) sv.settings.push_back("fault: " + st.fault.wrongPsk + " has a wrong PSK");
    if (!st.fault.killDaemon.empty()) sv.settings.push_back("fault: " + st.fault.killDaemon + "'s daemon killed");
    if (!st.fault.blockIke.empty()) sv.settings.push_back("fault: " + st.fault.blockIke + " drops UDP 500/4500");
    v.stages.push_back(std::move(sv));
  }
  return v;
}

}  // namespace harness::report::html

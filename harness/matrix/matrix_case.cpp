#include "harness/matrix/matrix_case.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "harness/run/own_config_releases.h"
#include "harness/run/releases.h"
#include "harness/scenario/names.h"
#include "harness/scenario/suggest.h"
#include "lab/ike/registry.h"

namespace harness::matrix {
namespace {

using scenario::UsageError;
using Assignment = std::map<std::string, std::string>;  // host → implementation ("" → every host)

// The implementation a pairing puts on each of `hosts`.
Assignment daemonsOf(const std::string& pairing, const std::vector<std::string>& hosts) {
  auto m = scenario::parseIkeAssignment(pairing);
  Assignment out;
  for (const auto& h : hosts) out[h] = m.count("") ? m.at("") : m[h];
  return out;
}

bool pairingMatches(const std::string& pairing, const std::vector<std::string>& hosts,
                    const std::vector<Assignment>& filters) {
  if (filters.empty()) return true;
  const auto d = daemonsOf(pairing, hosts);
  for (const auto& f : filters) {
    bool ok = true;
    for (const auto& [host, impl] : f) {
      if (host.empty()) {
        for (const auto& h : hosts) ok = ok && d.at(h) == impl;
      } else {
        ok = ok && d.count(host) && d.at(host) == impl;  // a host this scenario lacks never matches
      }
    }
    if (ok) return true;
  }
  return false;
}

std::vector<int> versionsFrom(const std::vector<std::string>& f) {
  if (f.empty()) return {1, 2};
  std::vector<int> out;
  for (const auto& v : f) {
    if (v != "1" && v != "2") throw UsageError("--ikev: expected 1 or 2, got '" + v + "'");
    out.push_back(v == "1" ? 1 : 2);
  }
  return out;
}

std::vector<std::string> authsFrom(const std::vector<std::string>& f) {
  if (f.empty()) return {"psk", "rsa"};
  for (const auto& a : f)
    if (a != "psk" && a != "rsa") throw UsageError("--auth: expected psk or rsa, got '" + a + "'");
  return f;
}

// Bring your own config: a host's own conn is in one format, which only some
// implementations run, and fixes the authentication it was written for;
// the matrix does not vary what it fixes.
std::string notApplicable(const ScenarioSpec& spec, const std::string& pairing, const std::string& auth) {
  const auto d = daemonsOf(pairing, spec.ipsec->hosts());
  for (const auto& c : spec.ipsec->conns) {
    std::map<std::string, const lab::ike::OwnConfig*> own;
    for (const auto& [host, cfg] : c.config) own[host] = &cfg;
    for (const auto& st : spec.stages)
      if (auto it = st.config.find(c.name); it != st.config.end())
        for (const auto& [host, cfg] : it->second) own[host] = &cfg;
    if (own.empty()) continue;
    for (const auto& [host, cfg] : own) {
      std::string readers;
      bool reads = false;
      for (const auto* impl : lab::ike::implementations()) {
        const auto f = impl->ownConfigFormats();
        if (std::find(f.begin(), f.end(), cfg->format) == f.end()) continue;
        readers += (readers.empty() ? "" : " or ") + std::string(impl->name());
        reads = reads || impl->name() == d.at(host);
      }
      if (!reads)
        return host + " runs its own conn (" + cfg->format + " syntax, as written): only " + readers + " can run it";
    }
    const std::string stated = c.auth == lab::ike::Auth::Psk ? "psk" : "rsa";
    if (auth != stated)
      return "the scenario's own conns are written for auth " + stated + " (authby=" +
             (stated == "psk" ? "secret" : "rsasig") + "); labrun does not rewrite them";
  }
  return {};
}

}  // namespace

scenario::IkeOverrides MatrixCase::overrides() const {
  scenario::IkeOverrides o;
  if (!hasIke()) return o;
  o.ike = pairing;
  o.ikev = std::to_string(ikeVersion);
  o.auth = auth;
  o.release = releases;
  return o;
}

void MatrixCase::applyTo(ScenarioSpec& spec) const {
  scenario::applyIkeOverrides(spec, overrides());
  run::defaultOwnConfigReleases(spec, run::machineRelease());
}

std::string MatrixCase::column() const {
  if (!hasIke()) return "-";
  return pairing + " v" + std::to_string(ikeVersion) + " " + auth + (releases.empty() ? "" : " " + releases);
}

std::vector<std::string> pairingsFor(const std::vector<std::string>& hosts) {
  return assignmentsFor(hosts, lab::ike::implementationNames());
}

std::vector<std::string> assignmentsFor(const std::vector<std::string>& hosts, const std::vector<std::string>& values) {
  std::vector<std::string> uniform, mixed;
  if (values.empty()) return uniform;
  std::vector<std::size_t> pick(hosts.size(), 0);  // an odometer over values per host
  for (;;) {
    bool same = true;
    std::string id;
    for (std::size_t i = 0; i < hosts.size(); ++i) {
      same = same && pick[i] == pick[0];
      id += (i ? "," : "") + hosts[i] + "=" + values[pick[i]];
    }
    if (same) uniform.push_back(values[pick[0]]);
    else mixed.push_back(id);
    std::size_t i = hosts.size();
    while (i > 0 && ++pick[i - 1] == values.size()) pick[--i] = 0;
    if (i == 0) break;
  }
  uniform.insert(uniform.end(), mixed.begin(), mixed.end());
  return uniform;
}

std::vector<MatrixCase> expandCases(const std::vector<ScenarioSpec>& scenarios, const CaseFilters& filters) {
  std::vector<Assignment> ikeFilters;
  for (const auto& f : filters.ike) ikeFilters.push_back(scenario::parseIkeAssignment(f));
  const auto versions = versionsFrom(filters.ikev);
  const auto auths = authsFrom(filters.auth);
  for (const auto& r : filters.releases)
    if (auto p = scenario::releaseNameProblem(r); !p.empty()) throw UsageError("--releases: '" + r + "': " + p);

  std::vector<MatrixCase> out;
  for (const auto& spec : scenarios) {
    MatrixCase base;
    base.scenario = spec.name;
    base.file = spec.file;
    for (const auto& st : spec.stages) base.stages.push_back(st.name);
    if (!spec.ipsec) {
      base.id = spec.name;
      out.push_back(base);
      continue;
    }
    const auto hosts = spec.ipsec->hosts();
    for (const auto& pairing : pairingsFor(hosts)) {
      if (!pairingMatches(pairing, hosts, ikeFilters)) continue;
      std::vector<std::string> releases = assignmentsFor(hosts, filters.releases);
      if (releases.empty()) releases.push_back("");  // no axis: the machine's own userland
      for (const auto& rel : releases)
        for (int v : versions)
          for (const auto& a : auths) {
            MatrixCase c = base;
            c.pairing = pairing;
            c.ikeVersion = v;
            c.auth = a;
            c.releases = rel;
            c.id = spec.name + "/" + pairing + (rel.empty() ? "" : "/" + rel) + "/v" + std::to_string(v) + "/" + a;
            c.notApplicable = notApplicable(spec, pairing, a);
            out.push_back(c);
          }
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  for (std::size_t i = 1; i < out.size(); ++i)
    if (out[i].id == out[i - 1].id) throw UsageError("scenario " + out[i].scenario + " is listed twice");
  if (out.empty()) throw UsageError("no matrix case matches these filters");
  for (std::size_t i = 0; i < out.size(); ++i) out[i].index = static_cast<int>(i);
  return out;
}

Shard parseShard(const std::string& text) {
  Shard s;
  auto slash = text.find('/');
  try {
    if (slash == std::string::npos) throw std::invalid_argument("no slash");
    std::size_t p1 = 0, p2 = 0;
    s.index = std::stoi(text.substr(0, slash), &p1);
    s.count = std::stoi(text.substr(slash + 1), &p2);
    if (p1 != slash || p2 != text.size() - slash - 1) throw std::invalid_argument("trailing");
  } catch (const std::exception&) {
    throw UsageError("--shard: expected I/N (e.g. 2/3), got '" + text + "'");
  }
  if (s.count < 1 || s.index < 1 || s.index > s.count)
    throw UsageError("--shard: expected 1 <= I <= N in I/N, got '" + text + "'");
  return s;
}

std::vector<MatrixCase> shardOf(const std::vector<MatrixCase>& all, const Shard& shard) {
  std::vector<MatrixCase> out;
  for (std::size_t p = 0; p < all.size(); ++p)
    if (static_cast<int>(p % static_cast<std::size_t>(shard.count)) == shard.index - 1) out.push_back(all[p]);
  return out;
}

}  // namespace harness::matrix

#include "harness/matrix/matrix_case.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "harness/cli/scenario_locator.h"
#include "harness/scenario/suggest.h"
#include "lab/ike/ike_registry.h"

namespace harness::matrix {
namespace {

using cli::UsageError;

std::string checkDaemon(const std::string& d) {
  const auto& known = lab::ike::knownDaemons();
  if (std::find(known.begin(), known.end(), d) != known.end()) return d;
  std::string hint;
  if (auto n = scenario::nearest(d, known)) hint = " (did you mean '" + *n + "'?)";
  throw UsageError("--ike: unknown IKE daemon '" + d + "'" + hint + "; known: " + scenario::joinNames(known));
}

// A --ike filter as "which daemon on which host"; "" host = both ends.
std::map<std::string, std::string> parseIkeFilter(const std::string& f) {
  std::map<std::string, std::string> out;
  if (f.find('=') == std::string::npos) {
    out[""] = checkDaemon(f);
    return out;
  }
  std::stringstream ss(f);
  for (std::string item; std::getline(ss, item, ',');) {
    auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError("--ike: expected HOST=DAEMON in '" + item + "' (e.g. A=libreswan,B=strongswan)");
    out[item.substr(0, eq)] = checkDaemon(item.substr(eq + 1));
  }
  return out;
}

// The daemons a pairing puts on each end.
void daemonsOf(const std::string& pairing, const std::string (&ends)[2], std::string (&out)[2]) {
  auto m = parseIkeFilter(pairing);
  if (m.count("")) {
    out[0] = out[1] = m[""];
    return;
  }
  out[0] = m[ends[0]];
  out[1] = m[ends[1]];
}

bool pairingMatches(const std::string& pairing, const std::string (&ends)[2],
                    const std::vector<std::map<std::string, std::string>>& filters) {
  if (filters.empty()) return true;
  std::string d[2];
  daemonsOf(pairing, ends, d);
  for (const auto& f : filters) {
    bool ok = true;
    if (f.count("")) {
      ok = d[0] == f.at("") && d[1] == f.at("");
    } else {
      for (const auto& [host, daemon] : f) {
        if (host == ends[0]) ok = ok && d[0] == daemon;
        else if (host == ends[1]) ok = ok && d[1] == daemon;
        else ok = false;  // names a host this connection does not have
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

// Bring your own config: a host's own conn is libreswan syntax and fixes the
// authentication it was written for; the matrix does not vary what it fixes.
std::string notApplicable(const ScenarioSpec& spec, const std::string& pairing, const std::string& auth) {
  std::set<std::string> own;
  for (const auto& [host, conn] : spec.ipsec->config) own.insert(host);
  for (const auto& st : spec.stages)
    for (const auto& [host, conn] : st.config) own.insert(host);
  if (own.empty()) return {};
  std::string d[2];
  daemonsOf(pairing, spec.ipsec->hosts, d);
  for (int i = 0; i < 2; ++i)
    if (own.count(spec.ipsec->hosts[i]) && d[i] != "libreswan")
      return spec.ipsec->hosts[i] + " runs its own conn (libreswan ipsec.conf syntax, as written): only libreswan can run it";
  const std::string stated = spec.ipsec->auth == lab::ike::Auth::Psk ? "psk" : "rsa";
  if (auth != stated)
    return "the scenario's own conns are written for auth " + stated + " (authby=" +
           (stated == "psk" ? "secret" : "rsasig") + "); labrun does not rewrite them";
  return {};
}

}  // namespace

cli::IkeOverrides MatrixCase::overrides() const {
  cli::IkeOverrides o;
  if (!hasIke()) return o;
  o.ike = pairing;
  o.ikev = std::to_string(ikeVersion);
  o.auth = auth;
  return o;
}

std::string MatrixCase::column() const {
  if (!hasIke()) return "-";
  return pairing + " v" + std::to_string(ikeVersion) + " " + auth;
}

std::vector<std::string> pairingsFor(const std::string (&ends)[2]) {
  std::vector<std::string> out;
  const auto& known = lab::ike::knownDaemons();
  for (const auto& d : known) out.push_back(d);
  for (const auto& a : known)
    for (const auto& b : known)
      if (a != b) out.push_back(ends[0] + "=" + a + "," + ends[1] + "=" + b);
  return out;
}

std::vector<MatrixCase> expandCases(const std::vector<ScenarioSpec>& scenarios, const CaseFilters& filters) {
  std::vector<std::map<std::string, std::string>> ikeFilters;
  for (const auto& f : filters.ike) ikeFilters.push_back(parseIkeFilter(f));
  const auto versions = versionsFrom(filters.ikev);
  const auto auths = authsFrom(filters.auth);

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
    for (const auto& pairing : pairingsFor(spec.ipsec->hosts)) {
      if (!pairingMatches(pairing, spec.ipsec->hosts, ikeFilters)) continue;
      for (int v : versions)
        for (const auto& a : auths) {
          MatrixCase c = base;
          c.pairing = pairing;
          c.ikeVersion = v;
          c.auth = a;
          c.id = spec.name + "/" + pairing + "/v" + std::to_string(v) + "/" + a;
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

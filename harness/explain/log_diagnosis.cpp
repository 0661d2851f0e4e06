#include "harness/explain/log_diagnosis.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "harness/scenario/usage_error.h"
#include "lab/core/ip.h"
#include "lab/ike/registry.h"
#include "lab/release/shipped.h"

namespace harness::explain {
namespace {

using lab::ike::OutcomeEvent;

bool has(const LogDiagnosis& d, std::initializer_list<const char*> outcomes) {
  return std::any_of(d.events.begin(), d.events.end(), [&](const OutcomeEvent& e) {
    return std::any_of(outcomes.begin(), outcomes.end(), [&](const char* o) { return e.outcome == o; });
  });
}

// An address behind a NAT: RFC 1918, or carrier-grade NAT (RFC 6598).
bool privateAddress(const std::string& id) {
  const auto a = lab::Ip4::parse(id);
  if (!a) return false;
  for (const char* net : {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"})
    if (lab::Prefix::parse(net)->contains(*a)) return true;
  return false;
}

// The outcomes of `lines` by the implementation's table: for the version
// the log names, or with every rule when it names none (the lines are the
// evidence; a version-bounded rule only says which versions print them).
void findOutcomes(LogDiagnosis& d, const std::vector<std::string>& lines) {
  const auto& table = d.impl->outcomeTable();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (auto c = d.impl->idClaim(line)) d.claims.push_back(*c);
    const std::string conn = d.impl->connOfLogLine(line);
    if (!conn.empty() && std::find(d.conns.begin(), d.conns.end(), conn) == d.conns.end()) d.conns.push_back(conn);
    const lab::ike::OutcomeRule* rule = d.version.empty() ? lab::ike::firstMatchAnyVersion(table, line)
                                                          : lab::ike::firstMatch(table, d.version, line);
    if (!rule) continue;
    d.events.push_back({"", std::string(d.impl->name()), d.version, conn, rule->outcome, line, rule->terminal,
                        rule->meaning});
    d.eventLines.push_back(i + 1);
  }
}

// The IDs: what the peer declared and what this side expected, from the
// lines that say so (the most complete claim wins).
lab::ike::IdClaim ids(const LogDiagnosis& d) {
  lab::ike::IdClaim out;
  for (const auto& c : d.claims) {
    if (!c.declared.empty()) out.declared = c.declared;
    if (!c.expected.empty()) out.expected = c.expected;
  }
  return out;
}

std::string releasesOf(const LogDiagnosis& d) {
  if (d.version.empty()) return "";
  auto rs = lab::release::releasesShipping(std::string(d.impl->name()), d.version);
  return rs.empty() ? "" : rs.front();
}

std::string describeSource(const LogDiagnosis& d) {
  std::string s = d.source + ": " + std::string(d.impl->displayName()) + " log";
  if (d.version.empty()) {
    s += " (its version is not in these lines: no start banner; every rule of the table applied)";
  } else {
    s += " (" + std::string(d.impl->displayName()) + " " + d.version;
    auto rs = lab::release::releasesShipping(std::string(d.impl->name()), d.version);
    for (std::size_t i = 0; i < rs.size(); ++i) s += (i ? ", " : "; Debian ") + rs[i];
    if (!rs.empty()) s += rs.size() == 1 ? " ships it" : " ship it";
    if (!d.impl->outcomeTable().verified(d.version)) s += "; labrun's matchers are not verified on this version";
    s += ")";
  }
  s += ", " + std::to_string(d.lineCount) + " lines";
  if (!d.conns.empty()) {
    s += ", connection" + std::string(d.conns.size() > 1 ? "s " : " ");
    for (std::size_t i = 0; i < d.conns.size(); ++i) s += (i ? ", " : "") + d.conns[i];
  }
  return s;
}

// Each distinct outcome once, the first line that showed it.
std::string describeOutcomes(const LogDiagnosis& d) {
  std::string s;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < d.events.size(); ++i) {
    const auto& e = d.events[i];
    if (!seen.insert(e.outcome).second) continue;
    s += "outcome: " + e.outcome + " — " + e.meaning + "\n  line " + std::to_string(d.eventLines[i]) + ": " + e.line +
         "\n";
  }
  return s;
}

// How to make the peer declare `id`, in every implementation's syntax.
std::string fixPeerId(const LogDiagnosis& d, const std::string& id) {
  lab::ike::ConnSpec conn;
  conn.name = d.conns.empty() ? "<conn>" : d.conns.front();
  std::string s;
  for (const auto* impl : lab::ike::implementations())
    s += std::string(s.empty() ? "" : "; ") + "if it runs " + std::string(impl->displayName()) + ": " +
         impl->fixLocalId(conn, "the peer", id);
  return s;
}

std::string whyAndFix(const LogDiagnosis& d) {
  std::string s;
  auto add = [&](const std::string& line) { s += line + "\n"; };
  lab::ike::ConnSpec conn;
  conn.name = d.conns.empty() ? "<conn>" : d.conns.front();
  const lab::ike::IdClaim id = ids(d);
  const bool idRejected = has(d, {"peer-id-mismatch", "notify:INVALID_ID_INFORMATION", "notify:AUTHENTICATION_FAILED"});
  if (idRejected && !id.declared.empty()) {
    add("IDs: the peer declared " + id.declared +
        (id.expected.empty() ? "; no connection here expects it" : "; this side expected " + id.expected));
    if (privateAddress(id.declared) && (id.expected.empty() || !privateAddress(id.expected)))
      add("why: " + id.declared + " is a private address: the peer sits behind a NAT and declares its NIC's address, "
          "not the public one this side knows it by" + (id.expected.empty() ? "" : " (" + id.expected + ")") +
          ". A host behind a 1:1 NAT must declare its public address.");
    else
      add("why: the peer declares an ID this side's connection does not expect.");
    add("fix: on the peer, declare " + (id.expected.empty() ? std::string("the ID this side expects") : id.expected) +
        " — " + fixPeerId(d, id.expected.empty() ? "<the ID this side expects>" : id.expected));
  } else if (idRejected) {
    add("why: the peer's identity was rejected (its log, --peer, says which ID it declared).");
  }
  if (has(d, {"rejected:cannot-identify-ourselves"}))
    add("why: left= is not an address of this host (behind a 1:1 NAT the public address lives on the NAT). Fix: " +
        d.impl->fixLocalAddress(conn, "this host", std::nullopt) + ".");
  if (has(d, {"rejected:ikev1-policy"}))
    if (auto why = d.impl->explainIkev1Refused(d.version); !why.empty()) add("why: " + why);
  if (has(d, {"auth-mismatch"}))
    add("why: the authentication data does not verify: the pre-shared keys differ, or a side holds the wrong public "
        "key for its peer.");
  if (has(d, {"notify:NO_PROPOSAL_CHOSEN"}))
    add("why: the two sides have no proposal in common: compare their ike=/esp= (strongSwan: proposals, "
        "esp_proposals); a newer daemon may have dropped an old default.");
  if (has(d, {"notify:TS_UNACCEPTABLE"}))
    add("why: the traffic selectors do not match: through a NAT in transport mode the peer sees the public address.");
  const bool onlyNoResponse = std::all_of(d.events.begin(), d.events.end(),
                                          [](const OutcomeEvent& e) { return e.outcome == "no-response"; });
  if (!d.events.empty() && onlyNoResponse)
    add("why: the peer never answered: UDP 500/4500 blocked on the way, nothing listening there, or a wrong right=.");
  if (has(d, {"kernel-refused-sa"}))
    add("why: the kernel refused the IPsec SA: it lacks ESP/XFRM (esp4, xfrm_user), or the SA asks for what it "
        "cannot do.");
  return s;
}

// Whether `d` shows its peer declaring a private address (the peer is the
// one behind a NAT).
bool peerBehindNat(const LogDiagnosis& d) { return privateAddress(ids(d).declared); }

std::string reproduceCommand(const LogDiagnosis& d, const std::optional<LogDiagnosis>& peer) {
  if (has(d, {"rejected:ikev1-policy"}) || (peer && has(*peer, {"rejected:ikev1-policy"})))
    return "labrun scenario upgrade   (an IKEv1 conn refused once a side runs a libreswan that drops IKEv1)";
  // nat-c when either log shows the NAT'd side declaring its private
  // address (C there is the side behind the NAT, A the other).
  const bool peerNat = peerBehindNat(d), selfNat = peer && peerBehindNat(*peer);
  const bool nat = peerNat || selfNat || has(d, {"rejected:cannot-identify-ourselves"});
  const std::string scenario = nat ? "nat-c" : "gre-over-ipsec";
  const bool selfIsC = selfNat || (!peerNat && has(d, {"rejected:cannot-identify-ourselves"}));
  const std::string here = nat ? (selfIsC ? "C" : "A") : "A";
  const std::string there = nat ? (selfIsC ? "A" : "C") : "B";
  std::string ike;  // the daemon each side with a file runs (one --ike A=..,C=..)
  auto hostArg = [&ike](const LogDiagnosis& x, const std::string& host, const std::string& whose) {
    ike += (ike.empty() ? "" : ",") + host + "=" + std::string(x.impl->name());
    const auto formats = x.impl->ownConfigFormats();
    if (!formats.empty()) return " --host " + host + "=<" + whose + " " + formats.front() + ">";
    return std::string();
  };
  std::string cmd = "labrun reproduce --scenario " + scenario + hostArg(d, here, "this side's");
  cmd += peer ? hostArg(*peer, there, "the peer's") : " --host " + there + "=<the peer's conn>";
  cmd += " --ike " + ike;
  std::string releases;
  if (auto r = releasesOf(d); !r.empty()) releases += here + "=" + r;
  if (peer)
    if (auto r = releasesOf(*peer); !r.empty()) releases += (releases.empty() ? "" : ",") + there + "=" + r;
  if (!releases.empty()) cmd += " --release " + releases;
  return cmd;
}

}  // namespace

LogDiagnosis diagnoseLog(const std::string& source, const std::vector<std::string>& lines) {
  LogDiagnosis d;
  d.source = source;
  d.lineCount = lines.size();
  std::string known;
  for (const auto* impl : lab::ike::implementations()) {
    known += (known.empty() ? "" : ", ") + std::string(impl->displayName());
    if (auto v = impl->versionOfLog(lines)) {
      d.impl = impl;
      d.version = *v;
      break;
    }
  }
  if (!d.impl)
    throw scenario::UsageError(source + ": not a log labrun reads (known: " + known +
                               "; pluto's logfile or charon's, or journalctl's lines of either)");
  findOutcomes(d, lines);
  return d;
}

std::string renderDiagnosis(const LogDiagnosis& d, const std::optional<LogDiagnosis>& peer) {
  std::string s = describeSource(d) + "\n";
  if (peer) s += "peer: " + describeSource(*peer) + "\n";
  if (!diagnosed(d) && !(peer && diagnosed(*peer)))
    return s + "no failure labrun knows in these lines (" + std::to_string(d.impl->outcomeTable().rules.size()) +
               " outcome rules of " + std::string(d.impl->displayName()) + " tried)\n";
  s += describeOutcomes(d);
  if (peer) {
    std::istringstream p(describeOutcomes(*peer));
    for (std::string line; std::getline(p, line);) s += (line.rfind("outcome:", 0) == 0 ? "peer's " : "") + line + "\n";
  }
  s += whyAndFix(d);
  if (peer) s += whyAndFix(*peer);
  s += "reproduce: " + reproduceCommand(d, peer) + "\n";
  return s;
}

}  // namespace harness::explain

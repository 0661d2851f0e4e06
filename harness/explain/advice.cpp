#include "harness/explain/advice.h"

#include <algorithm>

#include "lab/core/ip.h"
#include "lab/ike/registry.h"
#include "lab/release/shipped.h"

namespace harness::explain {
namespace {

using lab::ike::OutcomeEvent;

// An address behind a NAT: RFC 1918, or carrier-grade NAT (RFC 6598).
bool privateAddress(const std::string& id) {
  const auto a = lab::Ip4::parse(id);
  if (!a) return false;
  for (const char* net : {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"})
    if (lab::Prefix::parse(net)->contains(*a)) return true;
  return false;
}

// The connection the lines name; the other log's when these name none.
lab::ike::ConnSpec connOf(const LogDiagnosis& d, const LogDiagnosis* other = nullptr) {
  lab::ike::ConnSpec conn;
  conn.name = !d.conns.empty() ? d.conns.front() : other && !other->conns.empty() ? other->conns.front() : "<conn>";
  return conn;
}

// How to make the peer declare `id`: in its daemon's syntax when its log
// is given, else in every implementation's.
std::string fixPeerId(const LogDiagnosis& d, const LogDiagnosis* peer, const std::string& id) {
  const auto conn = peer ? connOf(*peer, &d) : connOf(d);
  if (peer) return peer->impl->fixLocalId(conn, "the peer", id);
  std::string s;
  for (const auto* impl : lab::ike::implementations())
    s += std::string(s.empty() ? "" : "; ") + "if it runs " + std::string(impl->displayName()) + ": " +
         impl->fixLocalId(conn, "the peer", id);
  return s;
}

// Whether the log's line of an ID outcome is a notify the peer sent.
bool peerSentIt(const LogDiagnosis& d) {
  for (const auto& e : d.events)
    if (e.outcome.rfind("notify:", 0) == 0 &&
        (e.line.find("received") != std::string::npos || e.line.find("parsed") != std::string::npos ||
         e.line.find("rejected by peer") != std::string::npos))
      return true;
  return false;
}

void idAdvice(const LogDiagnosis& d, const LogDiagnosis* peer, std::string& s) {
  auto add = [&](const std::string& line) { s += line + "\n"; };
  const auto id = idsOf(d);
  if (!id.wantedOfUs.empty() && id.wantedOfUs != id.ourAddress) {
    // A responder the initiator asked to be someone it is not.
    add("IDs: the peer expects this side to be " + id.wantedOfUs + " (the IDr it sent); this side is at " +
        (id.ourAddress.empty() ? "another address" : id.ourAddress) + " and no connection here has " + id.wantedOfUs +
        " as its local ID" + (id.declared.empty() ? "" : " (the peer declared " + id.declared + ")"));
    if (privateAddress(id.ourAddress) && !privateAddress(id.wantedOfUs))
      add("why: " + id.ourAddress + " is a private address: this host sits behind a NAT, and a connection that sets "
          "no local ID declares its NIC's address. A host behind a 1:1 NAT must declare its public address.");
    add("fix: on this host, declare " + id.wantedOfUs + " — " + d.impl->fixLocalId(connOf(d, peer), "this host", id.wantedOfUs));
    return;
  }
  if (!id.declared.empty()) {
    std::string expected = id.expected, how;
    if (expected.empty() && !id.peerAddress.empty() && id.peerAddress != id.declared) {
      expected = id.peerAddress;
      how = " (the address it reaches the peer at: the ID a connection expects when it sets no remote ID)";
    }
    add("IDs: the peer declared " + id.declared +
        (expected.empty() ? "; no connection here expects it" : "; this side expected " + expected + how));
    if (privateAddress(id.declared) && (expected.empty() || !privateAddress(expected)))
      add("why: " + id.declared + " is a private address: the peer sits behind a NAT and declares its NIC's address, "
          "not the public one this side knows it by" + (expected.empty() ? "" : " (" + expected + ")") +
          ". A host behind a 1:1 NAT must declare its public address.");
    else
      add("why: the peer declares an ID this side's connection does not expect.");
    add("fix: on the peer, declare " + (expected.empty() ? std::string("the ID this side expects") : expected) +
        " — " + fixPeerId(d, peer, expected.empty() ? "<the ID this side expects>" : expected));
    return;
  }
  if (!peerSentIt(d)) {
    add("why: the peer's identity was rejected (its log, --peer, says which ID it declared).");
    return;
  }
  add("why: the peer refused this side's authentication: a pre-shared key or public key that does not verify, or "
      "no connection there for the IDs offered (its log, --peer, says which).");
  if (id.natSide > 0 && !id.peerAddress.empty())
    add("likely: the peer is behind a NAT (this log says so) and declares its NIC's private address, while this side "
        "asked for " + id.peerAddress + ", the address it reaches the peer at. Fix: on the peer, declare " +
        id.peerAddress + " — " + fixPeerId(d, peer, id.peerAddress));
}

}  // namespace

lab::ike::IdClaim idsOf(const LogDiagnosis& d) {
  lab::ike::IdClaim out;
  for (const auto& c : d.claims) {
    if (!c.declared.empty()) out.declared = c.declared;
    if (!c.expected.empty()) out.expected = c.expected;
    if (!c.wantedOfUs.empty()) out.wantedOfUs = c.wantedOfUs;
    if (!c.ourAddress.empty()) out.ourAddress = c.ourAddress;
    if (out.peerAddress.empty()) out.peerAddress = c.peerAddress;  // the first: where it sent first
    if (c.natSide) out.natSide = c.natSide;
    if (!c.proposalsOffered.empty()) out.proposalsOffered = c.proposalsOffered;
    if (!c.proposalsConfigured.empty()) out.proposalsConfigured = c.proposalsConfigured;
  }
  return out;
}

bool shows(const LogDiagnosis& d, std::initializer_list<const char*> outcomes) {
  return std::any_of(d.events.begin(), d.events.end(), [&](const OutcomeEvent& e) {
    return std::any_of(outcomes.begin(), outcomes.end(), [&](const char* o) { return e.outcome == o; });
  });
}

std::string whyAndFix(const LogDiagnosis& d, const LogDiagnosis* peer) {
  std::string s;
  auto add = [&](const std::string& line) { s += line + "\n"; };
  const auto conn = connOf(d, peer);
  auto fix = [&](const char* outcome) {
    if (auto f = d.impl->fixFor(outcome, conn); !f.empty()) add("fix: " + f + ".");
  };
  // A key that does not verify is the whole story: the IDs found a
  // connection (the AUTHENTICATION_FAILED sent after it says no more).
  if (shows(d, {"peer-id-mismatch", "notify:INVALID_ID_INFORMATION", "notify:AUTHENTICATION_FAILED"}) &&
      !shows(d, {"auth-mismatch"}))
    idAdvice(d, peer, s);
  if (shows(d, {"rejected:cannot-identify-ourselves"}))
    add("why: left= is not an address of this host (behind a 1:1 NAT the public address lives on the NAT). Fix: " +
        d.impl->fixLocalAddress(conn, "this host", std::nullopt) + ".");
  if (shows(d, {"rejected:ikev1-policy"}))
    if (auto why = d.impl->explainIkev1Refused(d.version); !why.empty()) add("why: " + why);
  if (shows(d, {"auth-mismatch"})) {
    add("why: the authentication data does not verify: the pre-shared keys differ, or a side holds the wrong public "
        "key for its peer.");
    fix("auth-mismatch");
  }
  if (shows(d, {"notify:NO_PROPOSAL_CHOSEN"})) {
    const auto id = idsOf(d);
    if (!id.proposalsOffered.empty()) add("proposals: the peer offered " + id.proposalsOffered);
    if (!id.proposalsConfigured.empty()) add("proposals: this side accepts " + id.proposalsConfigured);
    add("why: the two sides have no proposal in common; a newer daemon may have dropped an old default.");
    fix("notify:NO_PROPOSAL_CHOSEN");
  }
  if (shows(d, {"notify:TS_UNACCEPTABLE"})) {
    add("why: the traffic selectors do not match: through a NAT in transport mode the peer sees the public address.");
    fix("notify:TS_UNACCEPTABLE");
  }
  const bool onlyNoResponse = std::all_of(d.events.begin(), d.events.end(),
                                          [](const OutcomeEvent& e) { return e.outcome == "no-response"; });
  if (!d.events.empty() && onlyNoResponse) {
    const auto id = idsOf(d);
    add("why: the peer" + (id.peerAddress.empty() ? std::string() : " (" + id.peerAddress + ")") +
        " never answered: UDP 500/4500 blocked on the way, nothing listening there, a wrong address, or a peer "
        "that drops what it is sent (a libreswan that refuses IKEv1 does so silently: its log says).");
    fix("no-response");
  }
  if (shows(d, {"kernel-refused-sa"}))
    add("why: the kernel refused the IPsec SA: it lacks ESP/XFRM (esp4, xfrm_user), or the SA asks for what it "
        "cannot do.");
  return s;
}

namespace {

std::string releasesOf(const LogDiagnosis& d) {
  if (d.version.empty()) return "";
  auto rs = lab::release::releasesShipping(std::string(d.impl->name()), d.version);
  return rs.empty() ? "" : rs.front();
}

// Whether `d`'s lines put its peer, or itself, behind a NAT.
bool peerBehindNat(const LogDiagnosis& d) {
  const auto id = idsOf(d);
  return privateAddress(id.declared) || id.natSide > 0;
}
bool selfBehindNat(const LogDiagnosis& d) {
  const auto id = idsOf(d);
  return id.natSide < 0 || (!id.wantedOfUs.empty() && privateAddress(id.ourAddress)) ||
         shows(d, {"rejected:cannot-identify-ourselves"});
}

}  // namespace

std::string reproduceCommand(const LogDiagnosis& d, const std::optional<LogDiagnosis>& peer) {
  if (shows(d, {"rejected:ikev1-policy"}) || (peer && shows(*peer, {"rejected:ikev1-policy"})))
    return "labrun scenario upgrade   (an IKEv1 conn refused once a side runs a libreswan that drops IKEv1)";
  // nat-c when either log puts a side behind the NAT (C there is that
  // side, A the other).
  const bool selfNat = selfBehindNat(d) || (peer && peerBehindNat(*peer));
  const bool peerNat = peerBehindNat(d) || (peer && selfBehindNat(*peer));
  const bool nat = selfNat || peerNat;
  const std::string scenario = nat ? "nat-c" : "gre-over-ipsec";
  const bool selfIsC = selfNat && !peerNat;
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

}  // namespace harness::explain

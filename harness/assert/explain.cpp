#include "harness/assert/explain.h"

#include <algorithm>

namespace harness::assert {
namespace {

using lab::ike::OutcomeEvent;

bool seen(const std::vector<OutcomeEvent>& events, std::initializer_list<const char*> outcomes,
          const std::string& host = "") {
  return std::any_of(events.begin(), events.end(), [&](const OutcomeEvent& e) {
    if (!host.empty() && e.host != host) return false;
    for (const char* o : outcomes)
      if (e.outcome == o) return true;
    return false;
  });
}

bool isWildcard(const std::string& s) { return s.empty() || s == "%defaultroute" || s == "%any"; }

// How to set this host's own ID, in its daemon's syntax.
std::string fixLocalId(const EndView& e, const std::string& id) { return e.impl->fixLocalId(e.conn, e.host, id); }

std::string whyDeclared(const EndView& e) {
  if (!e.conn.leftid.empty()) return "leftid=" + e.conn.leftid;
  if (isWildcard(e.conn.left)) return "left=" + e.conn.left + " is its NIC address, no leftid";
  return "left=" + e.conn.left + ", no leftid";
}

std::string whyExpected(const EndView& e) {
  if (!e.conn.rightid.empty()) return "rightid=" + e.conn.rightid;
  return "right=" + e.conn.right + ", no rightid";
}

std::string idMismatch(const EndView& from, const EndView& to) {
  const std::string declared = declaredId(from), expected = expectedPeerId(to);
  if (declared == expected) return "";
  std::string s = from.host + " declares ID " + declared + " (" + whyDeclared(from) + ") but " + to.host +
                  " expects " + expected + " (" + whyExpected(to) + ").";
  if (from.publicAddress && expected == *from.publicAddress)
    s += " " + from.host + " sits behind a 1:1 NAT: its public address " + *from.publicAddress +
         " is not on its NIC, so it must declare it. Fix: " + fixLocalId(from, *from.publicAddress) + ".";
  else
    s += " Fix: " + fixLocalId(from, expected) + " (or make " + to.host + " expect " + declared + ").";
  return s;
}

}  // namespace

std::string declaredId(const EndView& e) {
  if (!e.conn.leftid.empty()) return e.conn.leftid;
  if (isWildcard(e.conn.left)) return e.nicAddress;
  return e.conn.left;
}

std::string expectedPeerId(const EndView& e) { return e.conn.rightid.empty() ? e.conn.right : e.conn.rightid; }

std::string explain(const std::vector<OutcomeEvent>& events, const EndView& a, const EndView& b) {
  std::vector<std::string> out;
  for (const EndView* e : {&a, &b}) {
    if (!seen(events, {"rejected:cannot-identify-ourselves"}, e->host)) continue;
    std::string s = e->host + ": left=" + e->conn.left + " is not an address of " + e->host + " (its NIC has " +
                    e->nicAddress + ")";
    if (e->publicAddress && e->conn.left == *e->publicAddress)
      s += "; " + *e->publicAddress + " lives on the 1:1 NAT in front of it";
    s += ". Fix: " + e->impl->fixLocalAddress(e->conn, e->host, e->publicAddress) + ".";
    out.push_back(s);
  }
  for (const EndView* e : {&a, &b})
    if (seen(events, {"rejected:ikev1-policy"}, e->host))
      if (auto why = e->impl->explainIkev1Refused(e->version); !why.empty()) out.push_back(why);
  if (seen(events, {"notify:INVALID_ID_INFORMATION", "peer-id-mismatch", "notify:AUTHENTICATION_FAILED"}) &&
      !seen(events, {"auth-mismatch"})) {
    for (auto [from, to] : {std::pair{&a, &b}, std::pair{&b, &a}})
      if (auto s = idMismatch(*from, *to); !s.empty()) out.push_back(s);
  }
  if (seen(events, {"auth-mismatch"}))
    out.push_back("The authentication data does not verify: the pre-shared keys differ, or a side holds the wrong "
                  "public key for its peer.");
  std::string text;
  for (const auto& s : out) text += (text.empty() ? "" : "\n") + ("why: " + s);
  return text;
}

}  // namespace harness::assert

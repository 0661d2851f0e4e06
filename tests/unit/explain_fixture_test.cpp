// labrun explain on real logs saved from this lab's own runs
// (tests/fixtures/explain/logs, made by tests/fixtures/explain/make-logs.sh
// under UML): nat-c's stage 2 for every pairing and IKE version the matrix
// runs, and five other failure kinds. Each run of `labrun explain FILE`
// (and with --peer) must name the outcome, the daemon (and its version
// where the log has it), the IDs the lines show, the fix in that daemon's
// syntax and the reproduce command.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "harness/cli/commands.h"

namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kLogs = std::string(LABRUN_FIXTURES) + "/explain/logs/";

struct Explained {
  int rc;
  std::string text;
};

// `labrun explain LOG [--peer PEER]`, as the command runs it.
Explained explain(const std::string& log, const std::string& peer = "") {
  testing::internal::CaptureStdout();
  const int rc = harness::cli::cmdExplain(kLogs + log, peer.empty() ? "" : kLogs + peer);
  return {rc, testing::internal::GetCapturedStdout()};
}

// nat-c's stage 2: C (10.1.0.1 behind the NAT, public 1.2.3.4) declares its
// NIC's address, A expects 1.2.3.4. Logs are <case>/A-<impl>.log and
// <case>/C-<impl>.log; A initiates.
struct NatCase {
  std::string dir, a, c;  // the case, A's and C's implementation
  int ikev;
};

std::string displayName(const std::string& impl) { return impl == "strongswan" ? "strongSwan" : "libreswan"; }
// The fix on C in C's daemon's own syntax.
std::string fixOnC(const std::string& impl) {
  return impl == "strongswan" ? "connections.gre1.local { id = 1.2.3.4 }" : "leftid=1.2.3.4 in conn gre1";
}

class NatCStage2 : public testing::TestWithParam<NatCase> {};

TEST_P(NatCStage2, BothLogsNameTheOutcomeTheIdsTheFixAndTheLab) {
  const auto& p = GetParam();
  const std::string a = p.dir + "/A-" + p.a + ".log", c = p.dir + "/C-" + p.c + ".log";
  const auto r = explain(a, c);
  SCOPED_TRACE(r.text);
  EXPECT_EQ(r.rc, 0);
  EXPECT_THAT(r.text, HasSubstr(kLogs + a + ": " + displayName(p.a) + " log ("));
  EXPECT_THAT(r.text, HasSubstr("peer: " + kLogs + c + ": " + displayName(p.c) + " log ("));
  if (p.a == "libreswan") {
    EXPECT_THAT(r.text, HasSubstr("(libreswan 4.10; Debian bookworm ships it)"));
  }
  // The outcome: an ID refused, on one side or the other.
  EXPECT_TRUE(std::regex_search(
      r.text, std::regex("outcome: (peer-id-mismatch|notify:INVALID_ID_INFORMATION|notify:AUTHENTICATION_FAILED) ")))
      << r.text;
  // The IDs: C's private address and the public one expected of it.
  EXPECT_THAT(r.text, HasSubstr("10.1.0.1"));
  EXPECT_THAT(r.text, HasSubstr("1.2.3.4"));
  EXPECT_THAT(r.text, HasSubstr("is a private address"));
  // The fix, in C's daemon's syntax, and nat-c with each side in its place.
  EXPECT_THAT(r.text, HasSubstr(fixOnC(p.c)));
  EXPECT_THAT(r.text, HasSubstr("reproduce: labrun reproduce --scenario nat-c --host A=<this side's "));
  EXPECT_THAT(r.text, HasSubstr("--host C=<the peer's "));
  EXPECT_THAT(r.text, HasSubstr("--ike A=" + p.a + ",C=" + p.c));
}

TEST_P(NatCStage2, TheInitiatorsLogAloneNamesTheOutcome) {
  const auto& p = GetParam();
  const auto r = explain(p.dir + "/A-" + p.a + ".log");
  SCOPED_TRACE(r.text);
  EXPECT_EQ(r.rc, 0);
  EXPECT_THAT(r.text, HasSubstr("outcome: "));
  EXPECT_THAT(r.text, HasSubstr("1.2.3.4"));
  EXPECT_THAT(r.text, HasSubstr("reproduce: labrun reproduce --scenario nat-c --host A=<this side's "));
}

INSTANTIATE_TEST_SUITE_P(
    Pairings, NatCStage2,
    testing::Values(NatCase{"nat-c-lsw-v1", "libreswan", "libreswan", 1},
                    NatCase{"nat-c-lsw-v2", "libreswan", "libreswan", 2},
                    NatCase{"nat-c-ssw-v1", "strongswan", "strongswan", 1},
                    NatCase{"nat-c-ssw-v2", "strongswan", "strongswan", 2},
                    NatCase{"nat-c-lsw-ssw-v1", "libreswan", "strongswan", 1},
                    NatCase{"nat-c-lsw-ssw-v2", "libreswan", "strongswan", 2},
                    NatCase{"nat-c-ssw-lsw-v1", "strongswan", "libreswan", 1},
                    NatCase{"nat-c-ssw-lsw-v2", "strongswan", "libreswan", 2}),
    [](const auto& info) {
      std::string s = info.param.dir;
      for (auto& ch : s)
        if (ch == '-') ch = '_';
      return s;
    });

TEST(ExplainFixtures, TsUnacceptableNamesTheSelectorsAndTheirFix) {
  // nat-c's stage 3 with A=strongswan, C=libreswan 4.10 over IKEv2.
  const auto r = explain("ts-unacceptable/C-libreswan.log", "ts-unacceptable/A-strongswan.log");
  SCOPED_TRACE(r.text);
  EXPECT_EQ(r.rc, 0);
  EXPECT_THAT(r.text, HasSubstr("(libreswan 4.10; Debian bookworm ships it)"));
  EXPECT_THAT(r.text, HasSubstr("outcome: notify:TS_UNACCEPTABLE"));
  EXPECT_THAT(r.text, HasSubstr("CHILD SA failed: TS_UNACCEPTABLE"));
  EXPECT_THAT(r.text, HasSubstr("fix: leftprotoport=/rightprotoport= and leftsubnet=/rightsubnet= in conn gre1"));
  EXPECT_THAT(r.text, HasSubstr("reproduce: labrun reproduce --scenario nat-c --host C=<this side's ipsec.conf> "
                                "--host A=<the peer's swanctl.conf> --ike C=libreswan,A=strongswan"));
}

TEST(ExplainFixtures, NoProposalChosenOnBothSidesWithTheProposals) {
  // strongSwan both ends, swanctl.conf proposals with nothing in common.
  const auto b = explain("no-proposal-ssw/B-strongswan.log");
  SCOPED_TRACE(b.text);
  EXPECT_EQ(b.rc, 0);
  EXPECT_THAT(b.text, HasSubstr("outcome: notify:NO_PROPOSAL_CHOSEN"));
  EXPECT_THAT(b.text, HasSubstr("proposals: the peer offered IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_2048"));
  EXPECT_THAT(b.text, HasSubstr("proposals: this side accepts IKE:AES_CBC_256/HMAC_SHA2_512_256/PRF_HMAC_SHA2_512/ECP_256"));
  // B's lines never name the connection (it found none to name).
  EXPECT_THAT(b.text, HasSubstr("fix: connections.<conn>.proposals (IKE) and connections.<conn>.children.<child>.esp_proposals"));
  const auto a = explain("no-proposal-ssw/A-strongswan.log", "no-proposal-ssw/B-strongswan.log");
  SCOPED_TRACE(a.text);
  EXPECT_EQ(a.rc, 0);
  EXPECT_THAT(a.text, HasSubstr("outcome: notify:NO_PROPOSAL_CHOSEN"));
  EXPECT_THAT(a.text, HasSubstr("parsed IKE_SA_INIT response 0 [ N(NO_PROP) ]"));
  EXPECT_THAT(a.text, HasSubstr("reproduce: labrun reproduce --scenario gre-over-ipsec --host A=<this side's "
                                "swanctl.conf> --host B=<the peer's swanctl.conf> --ike A=strongswan,B=strongswan"));
}

TEST(ExplainFixtures, AWrongPskIsAKeyThatDoesNotVerifyNotAnId) {
  for (const std::string impl : {"libreswan", "strongswan"}) {
    const std::string dir = impl == "libreswan" ? "wrong-psk-lsw" : "wrong-psk-ssw";
    const auto b = explain(dir + "/B-" + impl + ".log");
    SCOPED_TRACE(b.text);
    EXPECT_EQ(b.rc, 0);
    EXPECT_THAT(b.text, HasSubstr("outcome: auth-mismatch"));
    EXPECT_THAT(b.text, HasSubstr("the pre-shared keys differ"));
    EXPECT_THAT(b.text, Not(HasSubstr("IDs: ")));
    EXPECT_THAT(b.text, HasSubstr(impl == "libreswan" ? "fix: the same secret on both ends: ipsec.secrets"
                                                      : "fix: the same secret on both ends: secrets { ike-gre1"));
    const auto a = explain(dir + "/A-" + impl + ".log", dir + "/B-" + impl + ".log");
    SCOPED_TRACE(a.text);
    EXPECT_EQ(a.rc, 0);
    EXPECT_THAT(a.text, HasSubstr("outcome: notify:AUTHENTICATION_FAILED"));
    EXPECT_THAT(a.text, HasSubstr("the peer refused this side's authentication"));
    EXPECT_THAT(a.text, HasSubstr("peer's outcome: auth-mismatch"));
    EXPECT_THAT(a.text, HasSubstr("reproduce: labrun reproduce --scenario gre-over-ipsec"));
  }
}

TEST(ExplainFixtures, APeerThatNeverAnswers) {
  for (const std::string impl : {"libreswan", "strongswan"}) {
    const std::string dir = impl == "libreswan" ? "silent-lsw" : "silent-ssw";
    const auto a = explain(dir + "/A-" + impl + ".log");
    SCOPED_TRACE(a.text);
    EXPECT_EQ(a.rc, 0);
    EXPECT_THAT(a.text, HasSubstr("outcome: no-response"));
    EXPECT_THAT(a.text, HasSubstr("why: the peer (1.0.0.5) never answered"));
    EXPECT_THAT(a.text, HasSubstr(impl == "libreswan" ? "fix: right= in conn gre1 must be the peer's reachable address"
                                                      : "fix: connections.gre1.remote_addrs must be"));
    // The silent side's own log has nothing to say.
    const auto b = explain(dir + "/B-" + impl + ".log");
    EXPECT_EQ(b.rc, 1);
    EXPECT_THAT(b.text, HasSubstr("no failure labrun knows in these lines"));
  }
}

TEST(ExplainFixtures, LibreswanNoProposalChosenOnBothSides) {
  // libreswan 4.10 both ends, ike= with nothing in common (IKEv2).
  const auto a = explain("no-proposal-lsw/A-libreswan.log", "no-proposal-lsw/B-libreswan.log");
  SCOPED_TRACE(a.text);
  EXPECT_EQ(a.rc, 0);
  EXPECT_THAT(a.text, HasSubstr("(libreswan 4.10; Debian bookworm ships it)"));
  EXPECT_THAT(a.text, HasSubstr("outcome: notify:NO_PROPOSAL_CHOSEN"));
  EXPECT_THAT(a.text, HasSubstr("peer's outcome: notify:NO_PROPOSAL_CHOSEN"));
  EXPECT_THAT(a.text, HasSubstr("with unencrypted notification NO_PROPOSAL_CHOSEN"));
  EXPECT_THAT(a.text, HasSubstr("fix: ike= and esp= in conn gre1"));
  EXPECT_THAT(a.text, HasSubstr("reproduce: labrun reproduce --scenario gre-over-ipsec --host A=<this side's "
                                "ipsec.conf> --host B=<the peer's ipsec.conf> --ike A=libreswan,B=libreswan"));
  // Advice both logs give is printed once.
  const std::string why = "why: the two sides have no proposal in common";
  EXPECT_EQ(a.text.find(why), a.text.rfind(why));
}

TEST(ExplainFixtures, Ikev1RefusedByPolicy) {
  // libreswan 4.3 (bullseye) starts an IKEv1 conn; 4.10 (bookworm) refuses IKEv1.
  const auto b = explain("ikev1-policy/B-libreswan.log");
  SCOPED_TRACE(b.text);
  EXPECT_EQ(b.rc, 0);
  EXPECT_THAT(b.text, HasSubstr("(libreswan 4.10; Debian bookworm ships it)"));
  EXPECT_THAT(b.text, HasSubstr("outcome: rejected:ikev1-policy"));
  EXPECT_THAT(b.text, HasSubstr("global ikev1-policy does not allow IKEv1 connections"));
  EXPECT_THAT(b.text, HasSubstr("ikev1-policy=accept under config setup"));
  EXPECT_THAT(b.text, HasSubstr("reproduce: labrun scenario upgrade"));
  // The initiator's log, with the peer's, names the peer's refusal.
  const auto a = explain("ikev1-policy/A-libreswan.log", "ikev1-policy/B-libreswan.log");
  SCOPED_TRACE(a.text);
  EXPECT_EQ(a.rc, 0);
  EXPECT_THAT(a.text, HasSubstr("(libreswan 4.3; Debian bullseye ships it)"));
  EXPECT_THAT(a.text, HasSubstr("peer's outcome: rejected:ikev1-policy"));
}

// No log saved here holds a secret: labrun's PSKs are 64 hex digits.
TEST(ExplainFixtures, NoSavedLogHoldsAPsk) {
  const std::regex psk("[0-9a-f]{64}");
  int logs = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(kLogs)) {
    if (!e.is_regular_file()) continue;
    ++logs;
    std::ifstream in(e.path());
    for (std::string line; std::getline(in, line);) EXPECT_FALSE(std::regex_search(line, psk)) << e.path() << ": " << line;
  }
  EXPECT_GE(logs, 32);
}

}  // namespace

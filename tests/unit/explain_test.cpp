// labrun explain: a diagnosis from a log alone, on real lines of pluto
// (libreswan 4.3 as bullseye ships it, 4.10), charon (5.9.8) and journalctl.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/explain/log_diagnosis.h"
#include "harness/scenario/usage_error.h"

namespace harness::explain {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// nat-c --release bullseye, A's pluto (the Main Mode initiator of stage 2).
const std::vector<std::string> kPluto43 = {
    "Dec  4 16:36:57.342900: Starting Pluto (Libreswan Version 4.3 IKEv2 IKEv1 XFRM(netkey) XFRMI esp-hw-offload "
    "FORK PTHREAD_SETSCHEDPRIO NSS (IPsec profile) (NSS-PRF) DNSSEC) pid:843",
    "Dec  4 16:37:00.477748: \"gre1\" #1: we require IKEv1 peer to have ID '1.2.3.4', but peer declares '10.1.0.1'",
    "Dec  4 16:37:00.490629: \"gre1\" #1: sending encrypted notification INVALID_ID_INFORMATION to 1.2.3.4:4500",
};

// nat-c on bookworm's 4.10, as journalctl shows it (no banner in the slice).
const std::vector<std::string> kJournal410 = {
    "Dec 04 16:40:22 vm-a pluto[833]: \"gre1\" #1: Peer ID is ID_IPV4_ADDR: '10.1.0.1'",
    "Dec 04 16:40:22 vm-a pluto[833]: \"gre1\" #1: Peer ID '10.1.0.1' mismatched on first found connection and no "
    "better connection found",
    "Dec 04 16:40:22 vm-a pluto[833]: \"gre1\" #1: sending encrypted notification INVALID_ID_INFORMATION to "
    "1.2.3.4:4500",
};

// nat-c with strongSwan 5.9.8 on A (IKEv2 initiator), its file log.
const std::vector<std::string> kCharon = {
    "16:00:43 00[LIB] loaded plugins: charon-systemd random nonce aes sha1 sha2 md5 hmac kdf gmp",
    "16:00:45 12[IKE] <gre1|1> IDir '10.1.0.1' does not match to '1.2.3.4'",
};

// C's pluto, stage 1 of nat-c: left=1.2.3.4.
const std::vector<std::string> kCannotIdentify = {
    "Dec  4 16:36:59.106371: \"gre1\": we cannot identify ourselves with either end of this connection.  1.2.3.4 or "
    "1.0.0.4 are not usable",
};

TEST(Explain, ThePlutoOfTheArticleIsNamedWithItsVersionAndRelease) {
  auto d = diagnoseLog("pluto.log", kPluto43);
  ASSERT_NE(d.impl, nullptr);
  EXPECT_EQ(d.impl->name(), "libreswan");
  EXPECT_EQ(d.version, "4.3");
  ASSERT_TRUE(diagnosed(d));
  EXPECT_EQ(d.events[0].outcome, "peer-id-mismatch");
  EXPECT_EQ(d.eventLines[0], 2u);
  const auto text = renderDiagnosis(d, std::nullopt);
  EXPECT_THAT(text, HasSubstr("libreswan 4.3; Debian bullseye ships it"));
  EXPECT_THAT(text, HasSubstr("IDs: the peer declared 10.1.0.1; this side expected 1.2.3.4"));
  EXPECT_THAT(text, HasSubstr("10.1.0.1 is a private address"));
  EXPECT_THAT(text, HasSubstr("leftid=1.2.3.4 in conn gre1 on the peer"));
  EXPECT_THAT(text, HasSubstr("connections.gre1.local { id = 1.2.3.4 }"));
  EXPECT_THAT(text, HasSubstr("reproduce: labrun reproduce --scenario nat-c --host A=<this side's ipsec.conf> "
                              "--host C=<the peer's conn> --ike A=libreswan --release A=bullseye"));
}

TEST(Explain, JournalctlLinesWithoutABannerStillDiagnose) {
  auto d = diagnoseLog("stdin", kJournal410);
  ASSERT_NE(d.impl, nullptr);
  EXPECT_EQ(d.impl->name(), "libreswan");
  EXPECT_EQ(d.version, "");
  const auto text = renderDiagnosis(d, std::nullopt);
  EXPECT_THAT(text, HasSubstr("its version is not in these lines"));
  EXPECT_THAT(text, HasSubstr("outcome: peer-id-mismatch"));
  // The ID expected is not in these lines, the peer's address is: with no
  // rightid= that is the ID a connection expects.
  EXPECT_THAT(text, HasSubstr("IDs: the peer declared 10.1.0.1; this side expected 1.2.3.4 (the address it reaches "
                              "the peer at"));
  EXPECT_THAT(text, Not(HasSubstr("--release")));  // no version, no release to name
}

TEST(Explain, CharonsLogGivesTheFixInEverySyntax) {
  auto d = diagnoseLog("charon.log", kCharon);
  ASSERT_NE(d.impl, nullptr);
  EXPECT_EQ(d.impl->name(), "strongswan");
  const auto text = renderDiagnosis(d, std::nullopt);
  EXPECT_THAT(text, HasSubstr("IDs: the peer declared 10.1.0.1; this side expected 1.2.3.4"));
  EXPECT_THAT(text, HasSubstr("connections.gre1.local { id = 1.2.3.4 }"));
  EXPECT_THAT(text, HasSubstr("--scenario nat-c --host A=<this side's swanctl.conf> --host C=<the peer's conn> --ike A=strongswan"));
}

TEST(Explain, ThePeersLogPutsEachSideInItsPlace) {
  auto c = diagnoseLog("c.log", kCannotIdentify);
  auto a = diagnoseLog("a.log", kPluto43);
  const auto text = renderDiagnosis(c, a);
  EXPECT_THAT(text, HasSubstr("outcome: rejected:cannot-identify-ourselves"));
  EXPECT_THAT(text, HasSubstr("Fix: left=%defaultroute on this host"));
  EXPECT_THAT(text, HasSubstr("peer's outcome: peer-id-mismatch"));
  // This log is C's (behind the NAT), the peer's is A's.
  EXPECT_THAT(text, HasSubstr("--host C=<this side's ipsec.conf> --host A=<the peer's ipsec.conf> --ike C=libreswan,A=libreswan"));
}

TEST(Explain, ALogWithoutAFailureSaysSoAndAnythingElseIsRefused) {
  auto d = diagnoseLog("ok.log", {kPluto43[0]});
  EXPECT_FALSE(diagnosed(d));
  EXPECT_THAT(renderDiagnosis(d, std::nullopt), HasSubstr("no failure labrun knows in these lines"));
  EXPECT_THROW(diagnoseLog("passwd", {"root:x:0:0:root:/root:/bin/bash"}), scenario::UsageError);
}

}  // namespace
}  // namespace harness::explain

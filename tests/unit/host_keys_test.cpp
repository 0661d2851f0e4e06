// Host key entries made ahead of a lab: how a waiting run sees a finished
// entry, a failed one and a missing one; and real entries made with the
// installed libreswan and strongSwan tools (no privileges needed).
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "lab/ike/host_keys.h"
#include "lab/ike/registry.h"
#include "lab/ike/libreswan/nss_keys.h"
#include "lab/ike/pubkey.h"
#include "lab/ike/strongswan/host_key.h"
#include "lab/sys/error.h"

namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("labrun-keys-test-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

TEST(HostKeys, AwaitReturnsACompleteEntry) {
  TempDir t;
  lab::ike::HostKeys keys(t.path);
  fs::create_directories(keys.entry("A", "libreswan"));
  EXPECT_EQ(keys.await("A", "libreswan", 50ms), t.path / "A-libreswan");
}

TEST(HostKeys, AwaitReportsTheMakersError) {
  TempDir t;
  lab::ike::HostKeys keys(t.path);
  std::ofstream(t.path / "C-strongswan.error") << "pki --gen failed (exit 1): no RSA plugin";
  try {
    keys.await("C", "strongswan", 1s);
    FAIL() << "expected an error";
  } catch (const lab::sys::Error& e) {
    EXPECT_NE(std::string(e.what()).find("C's strongswan host key failed: pki --gen failed"), std::string::npos)
        << e.what();
  }
}

TEST(HostKeys, AwaitGivesUpAfterItsTimeout) {
  TempDir t;
  lab::ike::HostKeys keys(t.path);
  try {
    keys.await("B", "libreswan", 60ms);
    FAIL() << "expected a timeout";
  } catch (const lab::sys::Error& e) {
    EXPECT_NE(std::string(e.what()).find("B's libreswan host key did not appear"), std::string::npos) << e.what();
  }
}

TEST(HostKeys, ABackgroundFailureReachesWhoeverAwaits) {
  TempDir t;
  lab::ike::HostKeys keys(t.path / "keys");
  keys.makeInBackground({{"A", "racoon"}}).get();  // never throws
  try {
    keys.await("A", "racoon", 1s);
    FAIL() << "expected the maker's error";
  } catch (const lab::sys::Error& e) {
    EXPECT_NE(std::string(e.what()).find("unknown IKE implementation 'racoon'"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(keys.entry("A", "racoon")));
}

TEST(HostKeys, RequestsAreKeptOnce) {
  std::vector<lab::ike::KeyEntryRequest> r;
  lab::ike::addRequest(r, {"A", "libreswan"});
  lab::ike::addRequest(r, {"B", "strongswan"});
  lab::ike::addRequest(r, {"A", "libreswan"});
  EXPECT_EQ(r.size(), 2u);
}

TEST(HostKeys, PskNeedsAnEntryOnlyWhereTheDaemonKeepsOne) {
  EXPECT_TRUE(lab::ike::implementation("libreswan").needsKeyEntry(lab::ike::Auth::Psk));  // its NSS database
  EXPECT_FALSE(lab::ike::implementation("strongswan").needsKeyEntry(lab::ike::Auth::Psk));
  EXPECT_TRUE(lab::ike::implementation("strongswan").needsKeyEntry(lab::ike::Auth::Rsa));
}

fs::perms mode(const fs::path& p) { return fs::status(p).permissions() & fs::perms::all; }

TEST(HostKeys, RealEntriesAreAdoptedPrivately) {
  for (const std::string d : {"libreswan", "strongswan"})
    if (lab::ike::implementation(d).installedVersion().empty()) GTEST_SKIP() << d << " is not installed (ci/setup installs both)";
  TempDir t;
  lab::ike::HostKeys keys(t.path / "keys");
  keys.make({{"A", "libreswan"}, {"B", "strongswan"}});
  const fs::path a = keys.entry("A", "libreswan"), b = keys.entry("B", "strongswan");
  EXPECT_EQ(mode(a), fs::perms::owner_all);
  EXPECT_EQ(mode(b / "private.pem"), fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_FALSE(fs::exists(t.path / "keys" / "A-libreswan.error"));

  // libreswan: a copy of the NSS database and the RFC 3110 key (3072 bits).
  auto ka = lab::ike::libreswan::adoptKeyEntry(a, t.path / "nss");
  EXPECT_EQ(mode(t.path / "nss" / "key4.db"), fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(lab::ike::parseRfc3110(ka.rfc3110).bits(), 3072u);
  EXPECT_NE(ka.pem.find("BEGIN PUBLIC KEY"), std::string::npos);

  // strongSwan: the private key copied 0600, the public key as PEM.
  auto kb = lab::ike::strongswan::adoptKeyEntry(b, t.path / "swanctl" / "private" / "host.pem");
  EXPECT_EQ(mode(t.path / "swanctl" / "private" / "host.pem"), fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_NE(kb.pem.find("BEGIN PUBLIC KEY"), std::string::npos);
  EXPECT_NE(kb.pem, ka.pem);

  // Made once: a second make() keeps the entries as they are.
  const auto before = fs::last_write_time(a / "pubkey");
  keys.make({{"A", "libreswan"}});
  EXPECT_EQ(fs::last_write_time(a / "pubkey"), before);
}

}  // namespace

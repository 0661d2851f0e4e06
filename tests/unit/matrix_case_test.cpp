// labrun matrix: the case list (expansion, filters, ids, order) and shards.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "harness/scenario/locator.h"
#include "harness/matrix/matrix_case.h"
#include "harness/scenario/parser.h"

namespace harness::matrix {
namespace {

using ::testing::ElementsAre;
using ::testing::Contains;
using ::testing::Not;

const char* kIpsecYaml = R"(
name: tun
about: two hosts and IPsec
segments:
  wan: { subnet: 1.0.0.0/24 }
hosts:
  A: { segment: wan, address: 1.0.0.4 }
  B: { segment: wan, address: 1.0.0.5 }
tunnels:
  gre1: { type: gre, between: [A, B], inner: [10.0.0.1/30, 10.0.0.2/30] }
ipsec:
  between: [A, B]
  mode: gre-over-ipsec
  gre: gre1
stages:
  - name: one
    checks:
      - tunnel: up
  - name: two
    checks:
      - ping: { from: A, to: 10.0.0.2 }
)";

const char* kPlainYaml = R"(
name: plain
about: two hosts
segments:
  wan: { subnet: 1.0.0.0/24 }
hosts:
  A: { segment: wan, address: 1.0.0.4 }
  B: { segment: wan, address: 1.0.0.5 }
stages:
  - name: reach
    checks:
      - ping: { from: A, to: 1.0.0.5 }
)";

std::vector<ScenarioSpec> specs() {
  return {scenario::parseScenario(kPlainYaml, "plain.yaml"), scenario::parseScenario(kIpsecYaml, "tun.yaml")};
}

std::vector<std::string> ids(const std::vector<MatrixCase>& cs) {
  std::vector<std::string> out;
  for (const auto& c : cs) out.push_back(c.id);
  return out;
}

TEST(MatrixCases, IpsecScenarioExpandsToPairingsVersionsAuthPlainRunsOnce) {
  auto cs = expandCases(specs(), {});
  ASSERT_EQ(cs.size(), 1u + 4 * 2 * 2);
  EXPECT_THAT(ids(cs), Contains("plain"));
  EXPECT_THAT(ids(cs), Contains("tun/libreswan/v1/psk"));
  EXPECT_THAT(ids(cs), Contains("tun/strongswan/v2/rsa"));
  EXPECT_THAT(ids(cs), Contains("tun/A=libreswan,B=strongswan/v2/psk"));
  EXPECT_THAT(ids(cs), Contains("tun/A=strongswan,B=libreswan/v1/rsa"));
  auto sorted = ids(cs);
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(ids(cs), sorted);
  for (std::size_t i = 0; i < cs.size(); ++i) EXPECT_EQ(cs[i].index, static_cast<int>(i));
  auto plain = std::find_if(cs.begin(), cs.end(), [](const auto& c) { return c.id == "plain"; });
  EXPECT_FALSE(plain->hasIke());
  EXPECT_FALSE(plain->overrides().any());
  EXPECT_THAT(plain->stages, ElementsAre("reach"));
}

TEST(MatrixCases, CaseCarriesItsOverridesAndStages) {
  auto cs = expandCases(specs(), {{"A=strongswan,B=libreswan"}, {"1"}, {"rsa"}});
  ASSERT_EQ(ids(cs), (std::vector<std::string>{"plain", "tun/A=strongswan,B=libreswan/v1/rsa"}));
  const auto o = cs[1].overrides();
  EXPECT_EQ(o.ike, "A=strongswan,B=libreswan");
  EXPECT_EQ(o.ikev, "1");
  EXPECT_EQ(o.auth, "rsa");
  EXPECT_THAT(cs[1].stages, ElementsAre("one", "two"));
}

TEST(MatrixCases, FiltersSelectPairingsVersionsAndAuth) {
  EXPECT_EQ(ids(expandCases(specs(), {{"libreswan"}, {"2"}, {"psk"}})),
            (std::vector<std::string>{"plain", "tun/libreswan/v2/psk"}));
  // One end named: every pairing where that end runs it.
  EXPECT_EQ(ids(expandCases(specs(), {{"A=strongswan"}, {"2"}, {"psk"}})),
            (std::vector<std::string>{"plain", "tun/A=strongswan,B=libreswan/v2/psk", "tun/strongswan/v2/psk"}));
  // Several --ike values add up.
  EXPECT_EQ(expandCases(specs(), {{"libreswan", "strongswan"}, {}, {}}).size(), 1u + 2 * 2 * 2);
  // A host the connection does not have matches nothing of it.
  EXPECT_EQ(ids(expandCases(specs(), {{"C=libreswan"}, {}, {}})), (std::vector<std::string>{"plain"}));
}

TEST(MatrixCases, TheReleaseAxisPutsEachReleaseOnEachEnd) {
  auto cs = expandCases(specs(), {{"libreswan"}, {"2"}, {"psk"}, {"bullseye", "trixie"}});
  EXPECT_EQ(ids(cs), (std::vector<std::string>{"plain", "tun/libreswan/A=bullseye,B=trixie/v2/psk",
                                                "tun/libreswan/A=trixie,B=bullseye/v2/psk",
                                                "tun/libreswan/bullseye/v2/psk", "tun/libreswan/trixie/v2/psk"}));
  EXPECT_EQ(cs[1].overrides().release, "A=bullseye,B=trixie");
  EXPECT_EQ(cs[3].overrides().release, "bullseye");
  EXPECT_EQ(cs[3].column(), "libreswan v2 psk bullseye");
  // Without the axis: the machine's own userland, ids as before.
  EXPECT_EQ(expandCases(specs(), {{"libreswan"}, {"2"}, {"psk"}})[1].overrides().release, "");
  EXPECT_THROW(expandCases(specs(), {{}, {}, {}, {"Trixie"}}), scenario::UsageError);
}

TEST(MatrixCases, BadFilterValuesAreUsageErrors) {
  EXPECT_THROW(expandCases(specs(), {{"libreswn"}, {}, {}}), scenario::UsageError);
  EXPECT_THROW(expandCases(specs(), {{"A"}, {}, {}}), scenario::UsageError);
  EXPECT_THROW(expandCases(specs(), {{}, {"3"}, {}}), scenario::UsageError);
  EXPECT_THROW(expandCases(specs(), {{}, {}, {"cert"}}), scenario::UsageError);
  EXPECT_THROW(expandCases({}, {}), scenario::UsageError);  // nothing left
}

TEST(MatrixCases, ShippedScenariosExpandDeterministically) {
  std::vector<ScenarioSpec> shipped;
  for (const auto& f : scenario::shippedScenarios()) shipped.push_back(scenario::loadScenario(f));
  auto a = expandCases(shipped, {});
  std::reverse(shipped.begin(), shipped.end());
  auto b = expandCases(shipped, {});
  EXPECT_EQ(ids(a), ids(b));
  EXPECT_THAT(ids(a), Contains("gre-plain"));
  EXPECT_THAT(ids(a), Contains("gre-over-ipsec/libreswan/v2/psk"));
  EXPECT_THAT(ids(a), Not(Contains("gre-plain/libreswan/v2/psk")));
}

TEST(MatrixCases, OwnConnsRuleOutOtherDaemonsAndAuthWithAReason) {
  auto spec = scenario::loadScenario(scenario::resolveScenario("nat-c-article"));
  std::vector<std::string> runnable;
  for (const auto& c : expandCases({spec}, {})) {
    if (c.notApplicable.empty()) {
      runnable.push_back(c.id);
    } else if (c.pairing != "libreswan") {
      EXPECT_THAT(c.notApplicable, ::testing::HasSubstr("runs its own conn (ipsec.conf syntax"))
          << c.id;
    } else {
      EXPECT_EQ(c.auth, "psk") << c.id;
      EXPECT_THAT(c.notApplicable, ::testing::HasSubstr("written for auth rsa (authby=rsasig)")) << c.id;
    }
  }
  // The article's conns: libreswan on both ends, RSA; both IKE versions are tried.
  EXPECT_THAT(runnable, ElementsAre("nat-c-article/libreswan/v1/rsa", "nat-c-article/libreswan/v2/rsa"));
  for (const auto& c : expandCases(specs(), {})) EXPECT_EQ(c.notApplicable, "") << c.id;
}

TEST(MatrixShards, ParseAcceptsIOverNOnly) {
  auto s = parseShard("2/3");
  EXPECT_EQ(s.index, 2);
  EXPECT_EQ(s.count, 3);
  EXPECT_EQ(s.str(), "2/3");
  for (const char* bad : {"0/3", "4/3", "1/0", "3", "a/b", "1/3x", "/3", "-1/3"})
    EXPECT_THROW(parseShard(bad), scenario::UsageError) << bad;
}

TEST(MatrixShards, DisjointAndCompleteForEveryCount) {
  auto all = expandCases(specs(), {});
  for (int n = 1; n <= 6; ++n) {
    std::multiset<std::string> seen;
    std::size_t smallest = all.size(), largest = 0;
    for (int i = 1; i <= n; ++i) {
      auto part = shardOf(all, {i, n});
      smallest = std::min(smallest, part.size());
      largest = std::max(largest, part.size());
      for (const auto& c : part) seen.insert(c.id);
      EXPECT_EQ(ids(part), ids(shardOf(all, {i, n}))) << "deterministic";
    }
    EXPECT_EQ(seen.size(), all.size()) << n;
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), all.size()) << "disjoint, n=" << n;
    EXPECT_LE(largest - smallest, 1u) << n;
  }
}

}  // namespace
}  // namespace harness::matrix

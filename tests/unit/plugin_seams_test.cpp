// The seams, used from the test tree alone: a test-only IKE implementation
// and a test-only tunnel link kind are registered here (no change anywhere
// else) and driven through the scenario reader, the registries, the
// connection planner and the matrix's case expansion.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "harness/matrix/matrix_case.h"
#include "harness/run/conn_plan.h"
#include "harness/scenario/parser.h"
#include "lab/ike/registry.h"
#include "lab/kernel/features.h"
#include "lab/link/tunnel_kind.h"
#include "lab/sys/error.h"

using harness::scenario::ScenarioParseError;
using harness::scenario::parseScenario;
using testing::HasSubstr;

namespace {

// "testconn NAME" then "key value" lines: a config format of its own.
class TestIke final : public lab::ike::IkeImplementation {
 public:
  std::string_view name() const override { return "testike"; }
  std::string_view displayName() const override { return "TestIKE"; }
  std::string_view shortName() const override { return "tst"; }
  std::string installHint() const override { return "nothing to install"; }
  std::string installedVersion() const override { return "1.0"; }
  std::unique_ptr<lab::ike::IkeDaemon> makeDaemon(const lab::netns::NetNs&, const lab::ike::DaemonDirs&) const override {
    throw lab::sys::EnvironmentError("testike runs no daemon", installHint());
  }
  bool needsKeyEntry(lab::ike::Auth) const override { return false; }
  void makeKeyEntry(const std::filesystem::path&, const std::filesystem::path&) const override {}
  const lab::ike::OutcomeTable& outcomeTable() const override {
    static const lab::ike::OutcomeTable t{{"1.0"},
                                          {{"test:refused", R"(REFUSED)", true, "the test daemon refused", {"1.0", ""}}}};
    return t;
  }
  std::optional<double> logLineAge(const std::string&) const override { return std::nullopt; }
  std::string connOfLogLine(const std::string& line) const override {
    auto at = line.find("conn=");
    return at == std::string::npos ? "" : line.substr(at + 5, line.find(' ', at) - at - 5);
  }
  std::string fixLocalId(const lab::ike::ConnSpec& c, const std::string& host, const std::string& id) const override {
    return "id " + id + " in " + c.name + " on " + host;
  }
  std::string fixLocalAddress(const lab::ike::ConnSpec&, const std::string& host,
                              const std::optional<std::string>&) const override {
    return "fix " + host;
  }
  std::string explainIkev1Refused(const std::string&) const override { return ""; }
  std::vector<std::string> ownConfigFormats() const override { return {"test.conf"}; }
  std::optional<lab::ike::OwnConfig> recogniseOwnConfig(const std::string& text, const std::string& = {}) const override {
    if (text.rfind("testconn ", 0) != 0) return std::nullopt;
    const std::string name = text.substr(9, text.find('\n') - 9);
    if (name.empty()) throw lab::ike::OwnConfigError(1, "testconn needs a name");
    return lab::ike::OwnConfig{text, "test.conf", name};
  }
  lab::ike::OwnConn readOwnConfig(const lab::ike::OwnConfig& own, lab::ike::ConnSpec base, int,
                                  const std::string& version) const override {
    base.name = own.name;
    base.literal = own.text;
    return {base, {"read by TestIKE " + version}};
  }
};

// A tunnel kind with a numeric option of its own.
class TestTunnel final : public lab::link::TunnelKind {
 public:
  std::string_view name() const override { return "testtun"; }
  std::string feature() const override { return "TESTTUN (test_tun)"; }
  std::vector<std::string> modules() const override { return {"test_tun"}; }
  std::string ipProtocol() const override { return "udp"; }
  std::vector<lab::link::TunnelOption> options() const override {
    return {{"vni", lab::link::TunnelOption::Type::U32, "test VNI"}};
  }
  void create(const lab::link::NlSocket&, const lab::link::TunnelParams&) const override {
    throw lab::sys::EnvironmentError("no test tunnels in this kernel", "none");
  }
};

class Seams : public testing::Test {
 protected:
  void SetUp() override {
    lab::ike::registerImplementation(std::make_unique<TestIke>());
    lab::link::registerTunnelKind(std::make_unique<TestTunnel>());
  }
  void TearDown() override {
    lab::ike::unregisterImplementation("testike");
    lab::link::unregisterTunnelKind("testtun");
  }
};

const std::string kLab =
    "name: t\n"
    "segments:\n"
    "  wan: { subnet: 1.0.0.0/24, gateway: 1.0.0.1 }\n"
    "hosts:\n"
    "  A: { segment: wan, address: 1.0.0.4 }\n"
    "  B: { segment: wan, address: 1.0.0.5 }\n"
    "tunnels:\n"
    "  tt1: { type: testtun, between: [A, B], inner: [10.0.0.1/30, 10.0.0.2/30], vni: 7 }\n"
    "ipsec: { between: [A, B], mode: gre-over-ipsec, tunnel: tt1, daemon: { A: testike } }\n";

}  // namespace

TEST_F(Seams, RegisteredImplementationAndKindAreKnownEverywhere) {
  auto names = lab::ike::implementationNames();
  EXPECT_NE(std::find(names.begin(), names.end(), "testike"), names.end());
  EXPECT_THROW(lab::ike::registerImplementation(std::make_unique<TestIke>()), lab::sys::Error);
  auto outcomes = lab::ike::knownOutcomes();
  EXPECT_NE(std::find(outcomes.begin(), outcomes.end(), "test:refused"), outcomes.end());
  EXPECT_EQ(lab::link::tunnelKind("testtun").feature(), "TESTTUN (test_tun)");
  try {
    lab::link::tunnelKind("vxlan");
    FAIL();
  } catch (const lab::sys::Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("known: gre, testtun"));
  }
}

TEST_F(Seams, TheScenarioReaderDispatchesThroughBothRegistries) {
  auto s = parseScenario(kLab +
                             "stages:\n"
                             "  - name: s\n"
                             "    config: { A: \"testconn tt1\\nfoo bar\\n\" }\n"
                             "    checks:\n"
                             "      - ike: { at: A, outcome: test:refused }\n",
                         "t.yaml");
  const auto& t = s.topology.tunnels.at(0);
  EXPECT_EQ(t.type, "testtun");
  EXPECT_EQ(t.options.at("vni"), "7");
  EXPECT_EQ(lab::kernel::needsOf(s.topology, true).tunnelKinds, std::vector<std::string>{"testtun"});
  EXPECT_EQ(s.ipsec->daemons.at("A"), "testike");
  const auto& own = s.stages.at(0).config.at("tt1").at("A");
  EXPECT_EQ(own.format, "test.conf");
  EXPECT_EQ(own.name, "tt1");

  // The planner asks the host's implementation what its own config means.
  harness::run::ConnPlan plan(s, {{"A", &lab::ike::implementation("testike")},
                                  {"B", &lab::ike::implementation("libreswan")}},
                              {{"A", "1.0"}, {"B", "4.10"}});
  auto p = plan.endPlan(s.ipsec->conns.at(0), "A", s.stages.at(0));
  EXPECT_TRUE(p.own);
  EXPECT_EQ(p.config.conn.literal, "testconn tt1\nfoo bar\n");
  EXPECT_EQ(p.notes, std::vector<std::string>{"read by TestIKE 1.0"});

  // Its log lines map to its outcomes, attributed to the connection they name.
  auto ev = lab::ike::matchOutcomes(lab::ike::implementation("testike"), "A", "1.0", {"conn=tt1 REFUSED"});
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].outcome, "test:refused");
  EXPECT_EQ(ev[0].conn, "tt1");
}

TEST_F(Seams, KindOptionsAndUnknownKindsAreReportedWhereTheyAre) {
  try {
    parseScenario(
        "name: t\n"
        "segments:\n"
        "  wan: { subnet: 1.0.0.0/24, gateway: 1.0.0.1 }\n"
        "hosts:\n"
        "  A: { segment: wan, address: 1.0.0.4 }\n"
        "  B: { segment: wan, address: 1.0.0.5 }\n"
        "tunnels:\n"
        "  tt1: { type: testtun, between: [A, B], inner: [10.0.0.1/30, 10.0.0.2/30], key: 7 }\n"   // 8
        "  tt2: { type: vxlan, between: [A, B], inner: [10.0.1.1/30, 10.0.1.2/30] }\n"             // 9
        "stages:\n"
        "  - name: s\n"
        "    checks:\n"
        "      - ping: { from: A, to: 10.0.0.2 }\n",
        "t.yaml");
    FAIL() << "expected errors";
  } catch (const ScenarioParseError& e) {
    std::string all;
    for (const auto& err : e.errors) all += err.format() + "\n";
    EXPECT_THAT(all, HasSubstr("t.yaml:8:"));
    EXPECT_THAT(all, HasSubstr("tunnels.tt1.key: unknown key 'key'"));
    EXPECT_THAT(all, HasSubstr("t.yaml:9:"));
    EXPECT_THAT(all, HasSubstr("unknown tunnel type 'vxlan' (known: gre, testtun)"));
  }
}

TEST_F(Seams, TheMatrixPairsEveryRegisteredImplementation) {
  auto pairings = harness::matrix::pairingsFor({"A", "B"});
  EXPECT_THAT(pairings, testing::ElementsAre("libreswan", "strongswan", "testike", "A=libreswan,B=strongswan",
                                             "A=libreswan,B=testike", "A=strongswan,B=libreswan",
                                             "A=strongswan,B=testike", "A=testike,B=libreswan",
                                             "A=testike,B=strongswan"));
  EXPECT_EQ(harness::matrix::pairingsFor({"A", "B", "C"}).size(), 27u);
}

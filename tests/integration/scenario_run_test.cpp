// Real scenarios, run the way a user runs them: labrun scenario NAME.
// On this kernel (no GRE, no ESP) auto picks UML; a host kernel with GRE runs
// them directly.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness/report/json_report.h"
#include "labrun_cli.h"

namespace fs = std::filesystem;
using namespace labrun_test;

namespace {

void expectAllPass(const harness::RunResult& r, size_t minChecks) {
  EXPECT_TRUE(r.error.empty()) << r.error;
  EXPECT_GE(r.checks.size(), minChecks);
  for (const auto& c : r.checks)
    EXPECT_EQ(c.verdict, harness::Verdict::Pass) << c.stage << ": " << c.check << "\n" << c.detail;
}

}  // namespace

struct Case {
  std::string scenario;
  std::string kernel;  // "uml" or "auto"
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.scenario << " --kernel " << c.kernel; }

class ScenarioRun : public ::testing::TestWithParam<Case> {};

TEST_P(ScenarioRun, Passes) {
  const auto& [name, kernel] = GetParam();
  const std::string lab = "it-" + name.substr(0, 3) + "-" + kernel;
  const auto json = scratchFile(lab + ".json");
  auto r = labrun({"scenario", name, "--kernel", kernel, "--lab", lab, "--json", json.string()});
  ASSERT_EQ(r.exitCode, 0) << r.out;
  auto result = harness::report::readJson(json);
  expectAllPass(result, 4);
  // auto: the host kernel when it can run the scenario (root, and GRE if it
  // has tunnels), else UML.
  const bool needsGre = name == "gre-plain";
  const std::string expected =
      kernel == "uml" || !isRoot() || (needsGre && !hostHasGre()) ? "uml" : "host";
  EXPECT_EQ(result.kernel, expected) << result.kernelWhy;
  if (result.kernel == "uml") {
    EXPECT_GT(result.guestMemoryMiB, 1.0);
    EXPECT_GT(result.times.boot, 0.0);
  }
  // The console shows every check and the summary line.
  for (const auto& c : result.checks) EXPECT_NE(r.out.find(c.check), std::string::npos) << c.check;
  EXPECT_NE(r.out.find(std::to_string(result.checks.size()) + " passed, 0 failed"), std::string::npos)
      << r.out;
  EXPECT_TRUE(labNamespaces(lab).empty());
}

INSTANTIATE_TEST_SUITE_P(Shipped, ScenarioRun,
                         ::testing::Values(Case{"gre-plain", "uml"}, Case{"nat-plain", "uml"},
                                           Case{"gre-plain", "auto"}, Case{"nat-plain", "auto"}),
                         [](const auto& info) {
                           std::string n = info.param.scenario + "_" + info.param.kernel;
                           for (auto& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

TEST(ScenarioRunHost, HostKernelWithoutGreExits3NamingTheFeature) {
  if (hostHasGre()) GTEST_SKIP() << "this kernel has GRE: --kernel host can run gre-plain here";
  auto r = labrun({"scenario", "gre-plain", "--kernel", "host", "--lab", "it-hostgre"});
  EXPECT_EQ(r.exitCode, 3) << r.out;
  EXPECT_NE(r.out.find("GRE (ip_gre)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--kernel uml"), std::string::npos) << r.out;
  EXPECT_TRUE(labNamespaces("it-hostgre").empty());
}

TEST(ScenarioRunHost, NatPlainOnTheHostKernel) {
  if (!isRoot()) GTEST_SKIP() << "the host backend needs root";
  const auto json = scratchFile("nat-host.json");
  auto r = labrun({"scenario", "nat-plain", "--kernel", "host", "--lab", "it-nath", "--json", json.string()});
  ASSERT_EQ(r.exitCode, 0) << r.out;
  auto result = harness::report::readJson(json);
  expectAllPass(result, 2);
  EXPECT_EQ(result.kernel, "host");
  EXPECT_TRUE(labNamespaces("it-nath").empty());
}

class Unprivileged : public ::testing::TestWithParam<std::string> {};

TEST_P(Unprivileged, RunsUnderUmlAsNobody) {
  const std::string name = GetParam();
  if (!isRoot()) GTEST_SKIP() << "needs root to switch to the unprivileged user";
  // A copy readable by `nobody`, whatever the permissions of the clone.
  auto dir = fs::path("/tmp") / ("labrun-nobody-" + std::to_string(::getpid()));
  fs::create_directories(dir / "scenarios");
  fs::copy_file(kLabrun, dir / "labrun", fs::copy_options::overwrite_existing);
  fs::copy_file(kSource + "/scenarios/" + name + ".yaml", dir / ("scenarios/" + name + ".yaml"),
                fs::copy_options::overwrite_existing);
  fs::permissions(dir, fs::perms::all, fs::perm_options::add);
  fs::permissions(dir / "scenarios", fs::perms::all, fs::perm_options::add);
  lab::sys::RunOptions o;
  o.timeout = std::chrono::seconds(300);
  o.env["NO_COLOR"] = "1";
  o.env["LABRUN_SCENARIOS_DIR"] = (dir / "scenarios").string();
  o.env["HOME"] = dir.string();
  auto r = lab::sys::run({"setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                          (dir / "labrun").string(), "scenario", name, "--kernel", "uml",
                          "--lab", "it-nobody"},
                         o);
  fs::remove_all(dir);
  ASSERT_EQ(r.exitCode, 0) << r.out;
  EXPECT_NE(r.out.find("uml"), std::string::npos) << r.out;
  EXPECT_TRUE(processesMatching("umid=lr-it-nobody").empty());
}

INSTANTIATE_TEST_SUITE_P(Scenarios, Unprivileged, ::testing::Values("gre-plain", "nat-plain", "nat-c"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (auto& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

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

fs::path tempFile(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("labrun-it-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

void expectAllPass(const harness::RunResult& r, size_t minChecks) {
  EXPECT_TRUE(r.error.empty()) << r.error;
  EXPECT_GE(r.checks.size(), minChecks);
  for (const auto& c : r.checks)
    EXPECT_EQ(c.verdict, harness::Verdict::Pass) << c.stage << ": " << c.check << "\n" << c.detail;
}

}  // namespace

class ScenarioRun : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioRun, PassesOnAuto) {
  const std::string name = GetParam();
  const auto json = tempFile(name + ".json");
  auto r = labrun({"scenario", name, "--lab", "it-" + name, "--json", json.string()});
  ASSERT_EQ(r.exitCode, 0) << r.out;
  auto result = harness::report::readJson(json);
  expectAllPass(result, 2);
  EXPECT_EQ(result.kernel, hostHasGre() ? "host" : "uml") << result.kernelWhy;
  // The console shows every check and the summary line.
  EXPECT_NE(r.out.find("failed"), std::string::npos) << r.out;
  EXPECT_TRUE(labNamespaces("it-" + name).empty());
}

INSTANTIATE_TEST_SUITE_P(Shipped, ScenarioRun, ::testing::Values("gre-plain", "nat-plain"));

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
  const auto json = tempFile("nat-host.json");
  auto r = labrun({"scenario", "nat-plain", "--kernel", "host", "--lab", "it-nath", "--json", json.string()});
  ASSERT_EQ(r.exitCode, 0) << r.out;
  auto result = harness::report::readJson(json);
  expectAllPass(result, 2);
  EXPECT_EQ(result.kernel, "host");
  EXPECT_TRUE(labNamespaces("it-nath").empty());
}

TEST(ScenarioRunUml, RunsAsAnUnprivilegedUser) {
  if (!isRoot()) GTEST_SKIP() << "needs root to switch to the unprivileged user";
  // A copy readable by `nobody`, whatever the permissions of the clone.
  auto dir = fs::path("/tmp") / ("labrun-nobody-" + std::to_string(::getpid()));
  fs::create_directories(dir / "scenarios");
  fs::copy_file(kLabrun, dir / "labrun", fs::copy_options::overwrite_existing);
  fs::copy_file(kSource + "/scenarios/gre-plain.yaml", dir / "scenarios/gre-plain.yaml",
                fs::copy_options::overwrite_existing);
  fs::permissions(dir, fs::perms::all, fs::perm_options::add);
  fs::permissions(dir / "scenarios", fs::perms::all, fs::perm_options::add);
  lab::sys::RunOptions o;
  o.timeout = std::chrono::seconds(300);
  o.env["NO_COLOR"] = "1";
  o.env["LABRUN_SCENARIOS_DIR"] = (dir / "scenarios").string();
  o.env["HOME"] = dir.string();
  auto r = lab::sys::run({"setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                          (dir / "labrun").string(), "scenario", "gre-plain", "--kernel", "uml",
                          "--lab", "it-nobody"},
                         o);
  fs::remove_all(dir);
  ASSERT_EQ(r.exitCode, 0) << r.out;
  EXPECT_NE(r.out.find("uml"), std::string::npos) << r.out;
  EXPECT_TRUE(processesMatching("umid=lr-it-nobody").empty());
}

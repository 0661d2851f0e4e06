// labrun matrix for real, under UML: a small matrix on 2 workers, shards
// that merge into the full case list, a case over its deadline reported as
// a timeout while the rest go on, and Ctrl-C leaving nothing behind.
#include <gtest/gtest.h>
#include <signal.h>
#include <tinyxml2.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "lab/core/run_dir.h"
#include "html_browser.h"
#include "labrun_cli.h"

namespace fs = std::filesystem;
using namespace labrun_test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const std::vector<std::string> kSmall = {"matrix", "--scenarios", "gre-plain,gre-over-ipsec", "--ike", "libreswan",
                                         "--ikev", "2", "--auth", "psk", "--kernel", "uml"};

fs::path scratch(const std::string& tag) {
  fs::path d = fs::temp_directory_path() / ("labrun-mx-" + tag + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& more) {
  a.insert(a.end(), more.begin(), more.end());
  return a;
}

json readJson(const fs::path& p) {
  std::ifstream f(p);
  return json::parse(f);
}

std::vector<std::string> caseIds(const json& j) {
  std::vector<std::string> out;
  for (const auto& c : j.at("cases")) out.push_back(c.at("id").get<std::string>());
  return out;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream is(s);
  for (std::string l; std::getline(is, l);)
    if (!l.empty()) out.push_back(l);
  return out;
}

// Nothing of a matrix run whose labs start with `prefix` is left.
void expectNothingLeft(const std::string& prefix) {
  EXPECT_FALSE(fs::exists(lab::core::runBase() / prefix));
  EXPECT_TRUE(processesMatching("uml_dir=" + (lab::core::runBase() / prefix).string() + "/").empty());
  EXPECT_TRUE(processesMatching("lr-" + prefix).empty());
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/run/netns", ec))
    EXPECT_NE(e.path().filename().string().rfind("lr-" + prefix, 0), 0u) << e.path();
}

}  // namespace

TEST(Matrix, SmallMatrixOnTwoUmlWorkers) {
  const auto dir = scratch("small");
  auto r = labrun(with(kSmall, {"--jobs", "2", "--lab-prefix", "mits", "--artifacts", (dir / "art").string(),
                                "--json", (dir / "m.json").string(), "--junit", (dir / "m.xml").string(),
                                "--markdown", (dir / "m.md").string(), "--html", (dir / "m.html").string()}),
                  300s);
  EXPECT_EQ(r.exitCode, 0) << r.out;
  EXPECT_NE(r.out.find("[2/2]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("gre-over-ipsec / encrypted"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 cases: 2 passed, 0 failed"), std::string::npos) << r.out;

  auto j = readJson(dir / "m.json");
  EXPECT_EQ(caseIds(j), (std::vector<std::string>{"gre-over-ipsec/libreswan/v2/psk", "gre-plain"}));
  std::set<int> workers;
  for (const auto& c : j["cases"]) {
    EXPECT_EQ(c["status"], "pass") << c.dump(1);
    EXPECT_EQ(c["result"]["kernel"], "uml");
    workers.insert(c["worker"].get<int>());
    // Each case's artifacts under <artifacts>/<case-id>/, its pcaps included.
    const fs::path art = dir / "art" / c["id"].get<std::string>();
    EXPECT_TRUE(fs::exists(art / "encrypted-A-eth0.pcap") || fs::exists(art / "tunnel-A-eth0.pcap")) << art;
  }
  EXPECT_EQ(workers.size(), 2u) << "two workers, one case each";
  // Distinct labs: no two cases shared a lab name.
  EXPECT_NE(j["cases"][0]["result"]["lab"], j["cases"][1]["result"]["lab"]);

  tinyxml2::XMLDocument doc;
  ASSERT_EQ(doc.LoadFile((dir / "m.xml").c_str()), tinyxml2::XML_SUCCESS) << doc.ErrorStr();
  int suites = 0;
  for (auto* s = doc.RootElement()->FirstChildElement("testsuite"); s; s = s->NextSiblingElement("testsuite")) ++suites;
  EXPECT_EQ(suites, 2);
  EXPECT_NE(readFile(dir / "m.md").find("| gre-over-ipsec / encrypted |"), std::string::npos);
  // Every Mermaid block (here each scenario's topology) renders with
  // Mermaid itself in headless Chromium; the grid's cells link to the cases.
  const std::string render = std::string(LABRUN_SOURCE_DIR) + "/ci/mermaid-render " + (dir / "m.md").string();
  EXPECT_EQ(std::system(render.c_str()), 0) << render;
  const auto page = labrun_test::renderDom(dir / "m.html");
  ASSERT_TRUE(page.ok) << page.error;
  EXPECT_NE(page.dom.find("href=\"art/gre-over-ipsec/libreswan/v2/psk/index.html\""), std::string::npos) << page.dom;
  EXPECT_NE(page.dom.find("href=\"art/gre-plain/index.html\""), std::string::npos) << page.dom;
  EXPECT_TRUE(fs::exists(dir / "art/gre-plain/index.html"));
  expectNothingLeft("mits");
  fs::remove_all(dir);
}

TEST(Matrix, ShardsAreDisjointAndMergeIntoTheFullList) {
  const auto dir = scratch("shards");
  const std::vector<std::string> sel = {"matrix", "--scenarios", "gre-plain,nat-plain,gre-over-ipsec", "--ike", "libreswan",
                                        "--ikev", "2", "--auth", "psk", "--kernel", "uml"};
  auto full = labrun(with(sel, {"--list"}));
  ASSERT_EQ(full.exitCode, 0) << full.out;
  const auto fullIds = lines(full.out);
  ASSERT_EQ(fullIds.size(), 3u) << full.out;

  std::vector<std::string> mergeArgs = {"report", "merge", (dir / "merged.json").string()};
  std::set<std::string> seen;
  for (int i = 1; i <= 3; ++i) {
    const std::string shard = std::to_string(i) + "/3";
    const fs::path out = dir / ("shard" + std::to_string(i) + ".json");
    auto r = labrun(with(sel, {"--shard", shard, "--jobs", "1", "--lab-prefix", "mitsh", "--no-capture",
                               "--artifacts", (dir / "art").string(), "--json", out.string()}),
                    300s);
    EXPECT_EQ(r.exitCode, 0) << r.out;
    for (const auto& id : caseIds(readJson(out))) EXPECT_TRUE(seen.insert(id).second) << id << " in two shards";
    EXPECT_EQ(readJson(out)["total"], 3);
    mergeArgs.push_back(out.string());
  }
  mergeArgs.insert(mergeArgs.end(), {"--junit", (dir / "merged.xml").string(), "--markdown", (dir / "merged.md").string()});
  auto m = labrun(mergeArgs);
  EXPECT_EQ(m.exitCode, 0) << m.out;
  EXPECT_EQ(caseIds(readJson(dir / "merged.json")), fullIds);
  EXPECT_NE(m.out.find("3 cases: 3 passed"), std::string::npos) << m.out;
  EXPECT_TRUE(fs::exists(dir / "merged.xml"));

  // The same case twice is refused (exit 2).
  auto dup = labrun({"report", "merge", (dir / "dup.json").string(), (dir / "shard1.json").string(),
                     (dir / "shard1.json").string()});
  EXPECT_EQ(dup.exitCode, 2) << dup.out;
  expectNothingLeft("mitsh");
  fs::remove_all(dir);
}

TEST(Matrix, ACaseOverItsDeadlineIsStoppedAndTheRestGoOn) {
  const auto dir = scratch("deadline");
  // slow-stage pings nobody for tens of seconds: a 3 s deadline stops it
  // mid-stage. It is claimed first (two stages); one worker: the guest must
  // survive the stopped case and run gre-plain after it.
  const std::string slow = std::string(LABRUN_SOURCE_DIR) + "/tests/scenarios/slow-stage.yaml";
  auto r = labrun({"matrix", "--scenarios", slow + ",gre-plain", "--kernel", "uml", "--jobs", "1", "--case-timeout",
                   "3", "--lab-prefix", "mitd", "--no-capture", "--artifacts", (dir / "art").string(), "--json",
                   (dir / "m.json").string()},
                  300s);
  EXPECT_EQ(r.exitCode, 1) << r.out;
  auto j = readJson(dir / "m.json");
  ASSERT_EQ(j["cases"].size(), 2u);
  EXPECT_EQ(j["cases"][0]["id"], "gre-plain");
  EXPECT_EQ(j["cases"][0]["status"], "pass") << j["cases"][0].dump(1);
  EXPECT_EQ(j["cases"][1]["id"], "slow-stage");
  EXPECT_EQ(j["cases"][1]["status"], "timeout") << j["cases"][1].dump(1);
  EXPECT_EQ(j["cases"][0]["worker"], j["cases"][1]["worker"]);
  EXPECT_NE(r.out.find("TIMEOUT"), std::string::npos) << r.out;
  expectNothingLeft("mitd");
  fs::remove_all(dir);
}

TEST(Matrix, CtrlCLeavesNothingBehind) {
  const auto dir = scratch("int");
  const fs::path log = dir / "out.log";
  lab::sys::RunOptions o;
  o.logFile = log;
  o.env["NO_COLOR"] = "1";
  // ike-faults waits 8 s on blocked IKE: both cases are mid-run at the signal.
  const std::string faults = std::string(LABRUN_SOURCE_DIR) + "/tests/scenarios/ike-faults.yaml";
  auto p = lab::sys::Process::start({kLabrun, "matrix", "--scenarios", faults, "--ike", "libreswan", "--auth", "psk",
                                     "--kernel", "uml", "--jobs", "2", "--lab-prefix", "mitc", "--artifacts",
                                     (dir / "art").string()},
                                    o);
  // Both guests booted and running a case.
  const fs::path w0 = dir / "art" / "_workers" / "w0.log", w1 = dir / "art" / "_workers" / "w1.log";
  ASSERT_TRUE(waitForText(w0, "--- build", 120s)) << readFile(log) << readFile(w0);
  ASSERT_TRUE(waitForText(w1, "--- build", 120s)) << readFile(log) << readFile(w1);
  EXPECT_FALSE(processesMatching("uml_dir=" + (lab::core::runBase() / "mitc").string() + "/").empty());
  ::kill(p.pid(), SIGINT);
  ASSERT_TRUE(p.wait(60s)) << readFile(log);
  EXPECT_EQ(p.exitCode(), 130) << readFile(log);
  expectNothingLeft("mitc");
  fs::remove_all(dir);
}

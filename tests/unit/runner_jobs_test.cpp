// The workflow's privileged jobs run exactly what the runner simulation runs:
// .github/workflows/labrun.yml's host-kernel job calls ci/runner-jobs with
// the arguments ci/runner-sim passes it inside the UML guest, and no labrun
// command of its own; the matrix-host shards call the same script's matrix
// job, and the report merges exactly the shards' files.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::vector<std::string> linesOf(const std::string& rel) {
  std::ifstream f(std::string(LABRUN_SOURCE_DIR) + "/" + rel);
  EXPECT_TRUE(f) << rel;
  std::vector<std::string> out;
  for (std::string l; std::getline(f, l);) out.push_back(l);
  return out;
}

std::vector<std::string> words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// The lines of one job of the workflow (from "  NAME:" to the next job).
std::vector<std::string> job(const std::string& name) {
  std::vector<std::string> out;
  bool in = false;
  for (const auto& l : linesOf(".github/workflows/labrun.yml")) {
    if (l.size() > 2 && l[0] == ' ' && l[1] == ' ' && l[2] != ' ' && l[2] != '#') in = l == "  " + name + ":";
    if (in) out.push_back(l);
  }
  return out;
}

// The arguments of every `run: ci/runner-jobs ...` line of a job; and the
// job's other labrun commands in *direct.
std::vector<std::vector<std::string>> runnerJobsCalls(const std::vector<std::string>& lines,
                                                      std::vector<std::string>* direct = nullptr) {
  std::vector<std::vector<std::string>> out;
  const std::string key = "run: ci/runner-jobs";
  for (const auto& l : lines) {
    const auto at = l.find(key);
    if (at != std::string::npos) out.push_back(words(l.substr(at + key.size())));
    else if (direct && l.find("build/labrun ") != std::string::npos) direct->push_back(l);
  }
  return out;
}

// ci/runner-sim's `host_kernel_jobs=(...)`.
std::vector<std::string> simJobs() {
  for (const auto& l : linesOf("ci/runner-sim")) {
    const std::string key = "host_kernel_jobs=(";
    if (l.rfind(key, 0) == 0) return words(l.substr(key.size(), l.rfind(')') - key.size()));
  }
  ADD_FAILURE() << "ci/runner-sim has no host_kernel_jobs=(...) line";
  return {};
}

TEST(RunnerJobs, HostKernelJobRunsWhatTheSimulationRuns) {
  const auto sim = simJobs();
  ASSERT_FALSE(sim.empty());
  std::vector<std::string> direct;
  const auto calls = runnerJobsCalls(job("host-kernel"), &direct);
  ASSERT_EQ(calls.size(), 1u) << "the host-kernel job calls ci/runner-jobs once";
  EXPECT_EQ(calls[0], sim);
  EXPECT_TRUE(direct.empty()) << "a labrun command the simulation does not run: " << direct.front();
  // What the issue asks of the simulation is in it.
  for (const char* j : {"doctor", "scenarios", "iptables", "interrupt", "matrix"})
    EXPECT_NE(std::find(sim.begin(), sim.end(), j), sim.end()) << j;
}

TEST(RunnerJobs, MatrixShardsCallTheSameMatrixJobAndAreAllMerged) {
  const auto lines = job("matrix-host");
  std::vector<std::string> direct;
  const auto calls = runnerJobsCalls(lines, &direct);
  ASSERT_EQ(calls.size(), 1u);
  ASSERT_GE(calls[0].size(), 2u);
  EXPECT_EQ(calls[0][0], "matrix");
  std::string shardArg;  // "${{ matrix.shard }}/3": words joined again
  for (std::size_t i = 1; i < calls[0].size(); ++i) shardArg += (i > 1 ? " " : "") + calls[0][i];
  std::smatch m;
  ASSERT_TRUE(std::regex_match(shardArg, m, std::regex(R"(\$\{\{ matrix\.shard \}\}/(\d+))"))) << shardArg;
  const int shards = std::stoi(m[1]);
  std::string list;
  for (int i = 1; i <= shards; ++i) list += (i > 1 ? ", " : "") + std::to_string(i);
  bool listed = false;
  for (const auto& l : lines) listed = listed || l.find("shard: [" + list + "]") != std::string::npos;
  EXPECT_TRUE(listed) << "strategy shard: [" << list << "]";
  EXPECT_TRUE(direct.empty()) << direct.front();

  // The simulation's shard is the same job: "matrix I/N".
  const auto sim = simJobs();
  const auto at = std::find(sim.begin(), sim.end(), "matrix");
  ASSERT_NE(at, sim.end());
  ASSERT_NE(at + 1, sim.end());
  EXPECT_TRUE(std::regex_match(*(at + 1), std::regex(R"(1/\d+)")));

  // The report merges every shard's JSON, named as ci/runner-jobs names it.
  std::string merge;
  for (const auto& l : job("matrix-report")) merge += l + ' ';
  for (int i = 1; i <= shards; ++i) {
    const std::string file = "shards/matrix-" + std::to_string(i) + "-of-" + std::to_string(shards) + ".json";
    EXPECT_NE(merge.find(file), std::string::npos) << file;
  }
  bool names = false;
  for (const auto& l : linesOf("ci/runner-jobs"))
    names = names || l.find("--json \"$out/matrix-$tag.json\"") != std::string::npos;
  EXPECT_TRUE(names) << "ci/runner-jobs writes matrix-I-of-N.json";
}

}  // namespace

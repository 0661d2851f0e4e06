#include "labrun_cli.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "lab/kernel/host/host_probe.h"

namespace labrun_test {
namespace fs = std::filesystem;

CliResult labrun(const std::vector<std::string>& args, std::chrono::seconds timeout) {
  std::vector<std::string> argv{kLabrun};
  argv.insert(argv.end(), args.begin(), args.end());
  lab::sys::RunOptions o;
  o.timeout = timeout;
  o.env["NO_COLOR"] = "1";
  auto r = lab::sys::run(argv, o);
  return {r.exitCode, r.out};
}

std::vector<std::string> labNamespaces(const std::string& lab) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/run/netns", ec)) {
    auto n = e.path().filename().string();
    if (n.rfind("lr-" + lab + "-", 0) == 0) out.push_back(n);
  }
  return out;
}

std::vector<int> processesMatching(const std::string& needle) {
  std::vector<int> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc", ec)) {
    auto name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream f(e.path() / "cmdline", std::ios::binary);
    std::string cmd((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    for (auto& c : cmd)
      if (c == '\0') c = ' ';
    int pid = std::stoi(name);
    if (pid != ::getpid() && cmd.find(needle) != std::string::npos) out.push_back(pid);
  }
  return out;
}

std::string readFile(const fs::path& file) {
  std::ifstream f(file);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

bool waitForText(const fs::path& file, const std::string& text, std::chrono::seconds timeout) {
  auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (readFile(file).find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

bool hostHasGre() {
  lab::kernel::FeatureNeeds n;
  n.tunnelKinds = {"gre"};
  return lab::kernel::host::probe(n).ok();
}

bool isRoot() { return ::geteuid() == 0; }

namespace {

fs::path scratchDir() { return fs::temp_directory_path() / ("labrun-it-" + std::to_string(::getpid())); }

// Each test runs in its own process (gtest_discover_tests): its scratch files
// go when it passes, and stay for a look when it fails.
class ScratchCleanup : public ::testing::Environment {
 public:
  void TearDown() override {
    if (!::testing::UnitTest::GetInstance()->Passed()) return;
    std::error_code ec;
    fs::remove_all(scratchDir(), ec);
  }
};

[[maybe_unused]] const auto* const kScratchCleanup = ::testing::AddGlobalTestEnvironment(new ScratchCleanup);

}  // namespace

fs::path scratchFile(const std::string& name) {
  auto dir = scratchDir();
  fs::create_directories(dir);
  return dir / name;
}

const harness::CheckResult* findCheck(const harness::RunResult& r, const std::string& stage,
                                      const std::string& prefix) {
  for (const auto& c : r.checks)
    if (c.stage == stage && c.check.rfind(prefix, 0) == 0) return &c;
  return nullptr;
}

}  // namespace labrun_test

// labrun matrix's live progress line, as a person sees it: on a real
// terminal (tmux, read with capture-pane) the line "matrix: done 1/3,
// running 1, failed 0, elapsed ..., ETA ..." is redrawn while the cases run
// and cleared at the end, the case lines staying above it; the same slice
// with its output piped, on the same terminal, writes one line per event and
// not one escape byte. Three cases of about 4 s on one worker: one guest
// boot and about 16 s a run.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "lab/core/run_dir.h"
#include "labrun_cli.h"
#include "tmux_pane.h"

namespace fs = std::filesystem;
using namespace labrun_test;
using namespace std::chrono_literals;

namespace {

const std::string kPrefix = "mitp";

// Cases of a few seconds each (150 unanswered pings, as the stage expects),
// long enough for a screen read to see the line between two of them.
std::string pacedScenarios(const fs::path& dir) {
  std::string list;
  for (const std::string n : {"paced-a", "paced-b", "paced-c"}) {
    const fs::path f = dir / (n + ".yaml");
    std::ofstream(f) << "name: " << n << "\n"
                     << "segments:\n  wan: { subnet: 1.0.0.0/24, gateway: 1.0.0.1 }\n"
                     << "hosts:\n  A: { segment: wan, address: 1.0.0.4 }\n  B: { segment: wan, address: 1.0.0.5 }\n"
                     << "stages:\n  - name: waits\n    checks:\n"
                     << "      - ping: { from: A, to: 1.0.0.99, count: 150, loss: 100, timeout: 30 }\n";
    list += (list.empty() ? "" : ",") + f.string();
  }
  return list;
}

std::string sliceCommand(const fs::path& dir) {
  return kLabrun + " matrix --scenarios " + pacedScenarios(dir) + " --kernel uml --jobs 1 --no-capture --lab-prefix " +
         kPrefix + " --artifacts " + (dir / "art").string();
}

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

}  // namespace

TEST(MatrixProgress, LiveLineOnATerminalAndNoEscapeCodeWhenPiped) {
  const fs::path dir = fs::temp_directory_path() / ("labrun-progress-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  Tmux t;
  auto started = t.run({"new-session", "-d", "-s", "s", "-x", "160", "-y", "50",
                        sliceCommand(dir) + "; echo MATRIX-EXIT=$?; sleep 300"});
  ASSERT_EQ(started.exitCode, 0) << started.out;
  // Watch the screen the whole run: the line before any case finished, and
  // between the first and the second (with an ETA from the first's time).
  bool before = false, between = false;
  std::string last;
  const bool ended = t.waitUntil(
      [&](const std::string& pane) {
        last = pane;
        before = before || has(pane, "matrix: done 0/3, running ");
        between = between || (has(pane, "matrix: done 1/3, running 1, failed 0, elapsed ") && has(pane, ", ETA "));
        return has(pane, "MATRIX-EXIT=");
      },
      300s);
  ASSERT_TRUE(ended) << last;
  EXPECT_TRUE(has(last, "MATRIX-EXIT=0")) << last;
  EXPECT_TRUE(before) << last;
  EXPECT_TRUE(between) << last;
  // The case lines stay in the scrollback; the live line is gone.
  EXPECT_TRUE(has(last, "[1/3] PASS        paced-")) << last;
  EXPECT_TRUE(has(last, "[3/3] PASS        paced-")) << last;
  EXPECT_TRUE(has(last, "3 cases: 3 passed, 0 failed")) << last;
  EXPECT_FALSE(has(last, "matrix: done")) << last;

  // The same slice on the same terminal, its output piped.
  t.run({"kill-session", "-t", "s"});
  const fs::path out = dir / "piped.txt";
  started = t.run({"new-session", "-d", "-s", "s", "-x", "160", "-y", "50",
                   "sh -c '" + sliceCommand(dir) + " 2>&1; echo PIPED-EXIT=$?' | cat > " + out.string() +
                       "; echo PIPED-DONE; sleep 300"});
  ASSERT_EQ(started.exitCode, 0) << started.out;
  ASSERT_TRUE(t.waitFor("PIPED-DONE", 300s)) << t.pane();
  const std::string piped = readFile(out);
  EXPECT_TRUE(has(piped, "PIPED-EXIT=0")) << piped;
  EXPECT_TRUE(has(piped, "[1/3] PASS        paced-")) << piped;
  EXPECT_TRUE(has(piped, "[3/3] PASS        paced-")) << piped;
  EXPECT_TRUE(has(piped, "3 cases: 3 passed, 0 failed")) << piped;
  EXPECT_FALSE(has(piped, "matrix: done")) << piped;
  EXPECT_EQ(piped.find('\x1b'), std::string::npos) << piped;
  EXPECT_EQ(piped.find('\r'), std::string::npos) << piped;

  EXPECT_FALSE(fs::exists(lab::core::runBase() / kPrefix));
  EXPECT_TRUE(processesMatching("uml_dir=" + (lab::core::runBase() / kPrefix).string() + "/").empty());
  fs::remove_all(dir);
}

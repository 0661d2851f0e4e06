// labrun matrix's live progress line, as a person sees it: on a real
// terminal (tmux, read with capture-pane) the line "matrix: done 1/2,
// running 1, failed 0, elapsed ..., ETA ..." is redrawn while the cases run
// and cleared at the end, the case lines staying above it; the same slice
// with its output piped, on the same terminal, writes one line per event and
// not one escape byte. Two cheap cases on one worker: one guest boot a run.
#include <gtest/gtest.h>

#include <filesystem>

#include "lab/core/run_dir.h"
#include "labrun_cli.h"
#include "tmux_pane.h"

namespace fs = std::filesystem;
using namespace labrun_test;
using namespace std::chrono_literals;

namespace {

const std::string kPrefix = "mitp";

std::string sliceCommand(const fs::path& dir) {
  return kLabrun + " matrix --scenarios gre-plain,nat-plain --kernel uml --jobs 1 --no-capture --lab-prefix " +
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
        before = before || has(pane, "matrix: done 0/2, running ");
        between = between || (has(pane, "matrix: done 1/2, running 1, failed 0, elapsed ") && has(pane, ", ETA "));
        return has(pane, "MATRIX-EXIT=");
      },
      300s);
  ASSERT_TRUE(ended) << last;
  EXPECT_TRUE(has(last, "MATRIX-EXIT=0")) << last;
  EXPECT_TRUE(before) << last;
  EXPECT_TRUE(between) << last;
  // The case lines stay in the scrollback; the live line is gone.
  EXPECT_TRUE(has(last, "[1/2] PASS")) << last;
  EXPECT_TRUE(has(last, "[2/2] PASS")) << last;
  EXPECT_TRUE(has(last, "2 cases: 2 passed, 0 failed")) << last;
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
  EXPECT_TRUE(has(piped, "[1/2] PASS")) << piped;
  EXPECT_TRUE(has(piped, "[2/2] PASS")) << piped;
  EXPECT_FALSE(has(piped, "matrix: done")) << piped;
  EXPECT_EQ(piped.find('\x1b'), std::string::npos) << piped;
  EXPECT_EQ(piped.find('\r'), std::string::npos) << piped;

  EXPECT_FALSE(fs::exists(lab::core::runBase() / kPrefix));
  EXPECT_TRUE(processesMatching("uml_dir=" + (lab::core::runBase() / kPrefix).string() + "/").empty());
  fs::remove_all(dir);
}

// The live progress line: its text from counts (the ETA from the mean case
// time, none before the first case finishes), and its sink: redraws with
// the terminal's own terminfo strings only on a terminal, plain lines with
// no escape byte anywhere else (a pipe, TERM=dumb, --no-progress).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <optional>
#include <string>

#include "harness/report/progress_counts.h"
#include "harness/report/progress_line.h"
#include "harness/report/terminal_caps.h"

using namespace harness::report;

namespace {

ProgressCounts matrixCounts(int done, int total, double finished, int workers) {
  ProgressCounts c;
  c.what = "matrix";
  c.done = done;
  c.total = total;
  c.failed = 0;
  c.finishedSeconds = finished;
  c.workers = workers;
  return c;
}

// What a stdio stream wrote, read back.
struct Captured {
  std::FILE* f = std::tmpfile();
  ~Captured() { std::fclose(f); }
  std::string text() const {
    std::fflush(f);
    std::string out;
    std::rewind(f);
    for (int ch; (ch = std::fgetc(f)) != EOF;) out.push_back(static_cast<char>(ch));
    return out;
  }
};

// An environment variable set (or unset) for one scope.
struct ScopedEnv {
  std::string name;
  std::optional<std::string> old;
  ScopedEnv(std::string n, const char* value) : name(std::move(n)) {
    if (const char* o = ::getenv(name.c_str())) old = o;
    if (value) ::setenv(name.c_str(), value, 1);
    else ::unsetenv(name.c_str());
  }
  ~ScopedEnv() {
    if (old) ::setenv(name.c_str(), old->c_str(), 1);
    else ::unsetenv(name.c_str());
  }
};

}  // namespace

TEST(ProgressCounts, ClockIsMinutesAndSecondsThenHours) {
  EXPECT_EQ(formatClock(0), "0:00");
  EXPECT_EQ(formatClock(7.9), "0:07");
  EXPECT_EQ(formatClock(725), "12:05");
  EXPECT_EQ(formatClock(3723), "1:02:03");
  EXPECT_EQ(formatClock(-3), "0:00");
}

TEST(ProgressCounts, NoEtaBeforeTheFirstCaseFinishesNorAfterTheLast) {
  auto c = matrixCounts(0, 3, 0, 2);
  c.running = 2;
  c.elapsedSeconds = 42;
  EXPECT_FALSE(etaSeconds(c));
  EXPECT_EQ(formatProgress(c), "matrix: done 0/3, running 2, failed 0, elapsed 0:42");
  c = matrixCounts(3, 3, 90, 2);
  EXPECT_FALSE(etaSeconds(c));
  EXPECT_EQ(formatProgress(c).find("ETA"), std::string::npos);
}

TEST(ProgressCounts, EtaIsTheMeanCaseTimeTimesTheRoundsLeft) {
  // Two finished in 60 s together: 30 s each.
  EXPECT_DOUBLE_EQ(*etaSeconds(matrixCounts(2, 5, 60, 1)), 90);  // 3 left on 1 worker
  EXPECT_DOUBLE_EQ(*etaSeconds(matrixCounts(2, 5, 60, 2)), 60);  // 3 left on 2: two rounds
  EXPECT_DOUBLE_EQ(*etaSeconds(matrixCounts(2, 3, 60, 4)), 30);  // more workers than cases left
  EXPECT_DOUBLE_EQ(*etaSeconds(matrixCounts(1, 2, 12.5, 0)), 12.5);  // no worker count: one
}

TEST(ProgressCounts, EtaCountsDownSinceTheLastCaseFinishedButNotBelowZero) {
  auto c = matrixCounts(2, 5, 60, 1);  // 90 s left when the second finished
  c.sinceLastDoneSeconds = 20;
  EXPECT_DOUBLE_EQ(*etaSeconds(c), 70);
  c.sinceLastDoneSeconds = 200;  // slower than the mean so far
  EXPECT_DOUBLE_EQ(*etaSeconds(c), 0);
}

TEST(ProgressCounts, TheLineNamesDoneRunningFailedElapsedAndEta) {
  auto c = matrixCounts(1, 3, 35, 2);
  c.running = 2;
  c.failed = 1;
  c.elapsedSeconds = 42.7;
  EXPECT_EQ(formatProgress(c), "matrix: done 1/3, running 2, failed 1, elapsed 0:42, ETA 0:35");
  ProgressCounts roots;
  roots.what = "release roots";
  roots.total = 2;
  roots.current = "bullseye-libreswan";
  roots.elapsedSeconds = 12;
  EXPECT_EQ(formatProgress(roots), "release roots: done 0/2, running bullseye-libreswan, elapsed 0:12");
  roots.done = 1;
  roots.finishedSeconds = 0.1;  // found cached: no time to take a mean from
  roots.showEta = false;
  EXPECT_EQ(formatProgress(roots), "release roots: done 1/2, running bullseye-libreswan, elapsed 0:12");
}

TEST(ProgressLine, WithoutATerminalItPrintsTheLinesAloneAndNoEscapeByte) {
  ScopedEnv allowed("LABRUN_NO_PROGRESS", nullptr);
  Captured out;  // a file: not a terminal
  {
    ProgressLine bar(out.f, matrixCounts(0, 2, 0, 1));
    EXPECT_FALSE(bar.live());
    bar.print("[1/2] PASS        gre-plain  12.0 s  (w0)");
    bar.update([](ProgressCounts& c) { ++c.done; });
    bar.print("[2/2] FAIL        nat-c  30.0 s  (w0)");
  }
  EXPECT_EQ(out.text(), "[1/2] PASS        gre-plain  12.0 s  (w0)\n[2/2] FAIL        nat-c  30.0 s  (w0)\n");
  EXPECT_EQ(out.text().find('\x1b'), std::string::npos);
}

TEST(ProgressLine, OnATerminalTheLinesGoAboveTheRedrawnStatusLine) {
  // Stand-in capabilities without an ESC: every byte the line writes
  // besides its text comes from terminfo, none is hard-coded.
  Captured out;
  {
    ProgressLine bar(out.f, matrixCounts(0, 2, 0, 1), TerminalCaps{"<CR>", "<EL>", 200}, false);
    ASSERT_TRUE(bar.live());
    bar.update([](ProgressCounts& c) { c.running = 1; });
    bar.print("[1/2] FAIL        nat-c");
    bar.update([](ProgressCounts& c) {
      c.done = 1;
      c.running = 0;
      c.failed = 1;
      c.finishedSeconds = 30;
    });
  }
  const std::string t = out.text();
  EXPECT_EQ(t.find('\x1b'), std::string::npos) << t;
  EXPECT_EQ(t.rfind("<CR>matrix: done 0/2, running 0, failed 0, elapsed 0:00<EL>", 0), 0u) << t;
  // The status line is cleared, the case's line printed whole, the status redrawn below it.
  EXPECT_NE(t.find("running 1, failed 0, elapsed 0:00<EL><CR><EL>[1/2] FAIL        nat-c\n<CR>matrix: done 0/2, running 1"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("<CR>matrix: done 1/2, running 0, failed 1, elapsed 0:00, ETA 0:30<EL>"), std::string::npos) << t;
  // Cleared when it goes: the scrollback keeps the case lines only.
  EXPECT_EQ(t.substr(t.size() - 8), "<CR><EL>") << t;
}

TEST(ProgressLine, TheStatusLineIsCutToTheWidthSoItNeverWraps) {
  Captured out;
  { ProgressLine bar(out.f, matrixCounts(0, 2, 0, 1), TerminalCaps{"<CR>", "<EL>", 20}, false); }
  EXPECT_EQ(out.text().rfind("<CR>matrix: done 0/2, r<EL>", 0), 0u) << out.text();  // 19 columns
}

TEST(ProgressLine, StopClearsTheLineAndLaterLinesArePlain) {
  Captured out;
  ProgressLine bar(out.f, matrixCounts(0, 1, 0, 1), TerminalCaps{"<CR>", "<EL>", 200}, false);
  bar.stop();
  EXPECT_FALSE(bar.live());
  const auto before = out.text().size();
  bar.print("labrun: an error");
  EXPECT_EQ(out.text().substr(before), "labrun: an error\n");
}

TEST(ProgressLine, NoProgressTurnsTheLiveLineOff) {
  {
    ScopedEnv off("LABRUN_NO_PROGRESS", "1");
    EXPECT_FALSE(liveProgressAllowed());
  }
  ScopedEnv on("LABRUN_NO_PROGRESS", nullptr);
  EXPECT_TRUE(liveProgressAllowed());
}

// terminfo decides: a pseudo-terminal with TERM=xterm has cr and el; a
// dumb terminal, an unknown TERM, no TERM and a pipe get no live line.
TEST(TerminalCaps, FromTerminfoOnlyWhereTheTerminalHasThem) {
  const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  ASSERT_GE(master, 0);
  ASSERT_EQ(::grantpt(master), 0);
  ASSERT_EQ(::unlockpt(master), 0);
  const int tty = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
  ASSERT_GE(tty, 0);
  {
    ScopedEnv term("TERM", "xterm");
    auto caps = terminalCaps(tty);
    ASSERT_TRUE(caps);
    EXPECT_EQ(caps->cr, "\r");
    EXPECT_EQ(caps->el, "\x1b[K");
  }
  {
    ScopedEnv term("TERM", "dumb");
    EXPECT_FALSE(terminalCaps(tty));
  }
  {
    ScopedEnv term("TERM", "no-such-terminal-type");
    EXPECT_FALSE(terminalCaps(tty));
  }
  {
    ScopedEnv term("TERM", nullptr);
    EXPECT_FALSE(terminalCaps(tty));
  }
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  ScopedEnv term("TERM", "xterm");
  EXPECT_FALSE(terminalCaps(p[1]));
  ::close(p[0]);
  ::close(p[1]);
  ::close(tty);
  ::close(master);
}

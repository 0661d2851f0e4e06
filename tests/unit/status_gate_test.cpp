#include "harness/run/status_gate.h"

#include <gtest/gtest.h>

namespace harness::run {
namespace {

using namespace std::chrono_literals;
using Clock = StatusGate::Clock;

TEST(StatusGate, AsksFirstThenOnlyWhenTheLogGrewOrTheAnswerIsOld) {
  StatusGate gate(500ms);
  const auto t0 = Clock::now();
  EXPECT_TRUE(gate.shouldAsk(t0, true, false));  // never asked
  gate.asked(t0);
  EXPECT_FALSE(gate.shouldAsk(t0 + 50ms, true, false));   // the log is quiet
  EXPECT_FALSE(gate.shouldAsk(t0 + 499ms, true, false));
  EXPECT_TRUE(gate.shouldAsk(t0 + 500ms, true, false));   // slow fallback
  gate.stale();                                           // new log lines
  EXPECT_TRUE(gate.shouldAsk(t0 + 60ms, true, false));
  gate.asked(t0 + 60ms);
  EXPECT_FALSE(gate.shouldAsk(t0 + 100ms, true, false));
}

TEST(StatusGate, DeadlineAndDaemonsWhoseStatusDoesNotFollowTheLogAlwaysAsk) {
  StatusGate gate(500ms);
  const auto t0 = Clock::now();
  gate.asked(t0);
  EXPECT_TRUE(gate.shouldAsk(t0 + 1ms, true, true));    // must know now
  EXPECT_TRUE(gate.shouldAsk(t0 + 1ms, false, false));  // e.g. a daemon asked over its own socket
}

}  // namespace
}  // namespace harness::run

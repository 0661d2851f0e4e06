#pragma once
// When to ask an IKE daemon for its SA status again. Asking pluto is an exec
// (`whack --showstates`, 35-300 ms under UML); pluto logs every transition
// that answer would show, so while its log stays quiet the last answer holds.
// Asked again: once the log grew, once the answer is `fallback` old, when the
// caller must know now (a wait's deadline), or always for a daemon whose
// status does not follow its log.
#include <chrono>

namespace harness::run {

class StatusGate {
 public:
  using Clock = std::chrono::steady_clock;

  explicit StatusGate(std::chrono::milliseconds fallback) : fallback_(fallback) {}

  // New lines in the daemon's log, or the caller changed its state (up/down).
  void stale() { fresh_ = false; }
  bool shouldAsk(Clock::time_point now, bool statusFollowsLog, bool mustAsk) const {
    return mustAsk || !statusFollowsLog || !fresh_ || now - askedAt_ >= fallback_;
  }
  void asked(Clock::time_point now) {
    fresh_ = true;
    askedAt_ = now;
  }

 private:
  std::chrono::milliseconds fallback_;
  bool fresh_ = false;
  Clock::time_point askedAt_{};
};

}  // namespace harness::run

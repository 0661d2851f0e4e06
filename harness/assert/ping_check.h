#pragma once
// Traffic the scenario generates and judges: ICMP echo from a host's namespace.
#include <chrono>
#include <cstdint>
#include <string>

#include "harness/scenario/scenario_spec.h"
#include "lab/netns/netns.h"

namespace harness::assert {

struct PingVerdict {
  bool pass = false;
  int sent = 0;
  int received = 0;
  std::string detail;  // "3/3 replies (0% loss, tolerance 0%)", and what went wrong
};

// Gap between two echo requests, and how long one request waits for its reply
// (as `ping -W 1`); the whole check is bounded by check.timeoutSec.
inline constexpr std::chrono::milliseconds kPingInterval{20};
inline constexpr std::chrono::milliseconds kPingReplyWait{1000};

// Sends check.count echo requests to check.to from a raw ICMP socket opened
// inside `from` (needs root there, as labrun always has), kPingInterval
// apart, counts the replies carrying this run's identifier (each ping gets
// its own, so concurrent pings in one namespace do not count each other's
// replies) and compares the loss with the check's tolerance. Throws
// lab::sys::Interrupted on Ctrl-C, lab::sys::Error if the socket cannot be
// opened.
PingVerdict runPing(const PingCheck& check, const lab::netns::NetNs& from);

// The verdict for `sent` requests and `received` replies:
// "2/3 replies (33% loss, tolerance 0%)".
PingVerdict judgePing(const PingCheck& check, int sent, int received);

// A fresh ICMP echo identifier: distinct for every call in this process.
std::uint16_t nextEchoId();

}  // namespace harness::assert

#include "harness/assert/ping_check.h"

#include <cmath>
#include <regex>

#include "lab/sys/process.h"

namespace harness::assert {

bool parsePingSummary(const std::string& out, int& sent, int& received) {
  static const std::regex re(R"((\d+) packets transmitted, (\d+) (packets )?received)");
  std::smatch m;
  if (!std::regex_search(out, m, re)) return false;
  sent = std::stoi(m[1]);
  received = std::stoi(m[2]);
  return true;
}

PingVerdict runPing(const PingCheck& c, const lab::netns::NetNs& from) {
  const int deadline = std::max(1, static_cast<int>(std::ceil(c.timeoutSec)));
  lab::sys::RunOptions o;
  o.ns = &from;
  o.timeout = std::chrono::milliseconds(static_cast<long>(c.timeoutSec * 1000) + 2000);
  o.package = "iputils-ping";
  auto r = lab::sys::run({"ping", "-n", "-q", "-c", std::to_string(c.count), "-i", "0.2", "-W", "1",
                          "-w", std::to_string(deadline), c.to.str()},
                         o);
  PingVerdict v;
  if (!parsePingSummary(r.out, v.sent, v.received)) {
    v.detail = "ping gave no summary (exit " + std::to_string(r.exitCode) + "): " + r.out;
    return v;
  }
  const int lossPct = v.sent == 0 ? 100 : (100 * (v.sent - v.received)) / v.sent;
  v.pass = v.sent >= c.count && lossPct <= c.maxLossPercent;
  v.detail = std::to_string(v.received) + "/" + std::to_string(v.sent) + " replies (" +
             std::to_string(lossPct) + "% loss, tolerance " + std::to_string(c.maxLossPercent) +
             "%)";
  return v;
}

}  // namespace harness::assert

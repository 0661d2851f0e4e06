#pragma once
// A program on a real terminal: tmux on a server of its own (-L, nothing
// shared with anyone's sessions), one session "s", its screen read with
// capture-pane. kept_lab_test drives `labrun shell` with it, progress_test
// watches a matrix's live progress line.
#include <unistd.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "lab/sys/process.h"

namespace labrun_test {

struct Tmux {
  std::string socket = "lr-it-" + std::to_string(::getpid());
  lab::sys::RunResult run(std::vector<std::string> args) const {
    args.insert(args.begin(), {"tmux", "-L", socket});
    return lab::sys::run(args);
  }
  std::string pane() const { return run({"capture-pane", "-p", "-t", "s"}).out; }
  // Polls the screen until `seen` holds for it (true) or the timeout passes.
  bool waitUntil(const std::function<bool(const std::string&)>& seen, std::chrono::seconds timeout) const {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      if (seen(pane())) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  bool waitFor(const std::string& text, std::chrono::seconds timeout) const {
    return waitUntil([&](const std::string& p) { return p.find(text) != std::string::npos; }, timeout);
  }
  ~Tmux() { run({"kill-server"}); }
};

}  // namespace labrun_test

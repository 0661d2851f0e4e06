#pragma once
// A LIFO of undo steps. Each build step pushes its undo right after the thing
// it undoes was made; run() undoes in reverse order, logging (never
// throwing) failures, so a half-built lab unwinds as cleanly as a whole one.
#include <functional>
#include <string>
#include <vector>

namespace lab::core {

class Teardown {
 public:
  using Log = std::function<void(const std::string&)>;

  Teardown() = default;
  Teardown(const Teardown&) = delete;
  Teardown& operator=(const Teardown&) = delete;
  ~Teardown() { run(); }

  void push(std::string what, std::function<void()> undo);
  // Runs and pops every step, newest first. Steps that throw are logged and
  // skipped. Idempotent.
  void run(const Log& log = {}) noexcept;
  // Forgets every step without running it (the lab is kept on purpose).
  void release() noexcept { steps_.clear(); }
  bool empty() const { return steps_.empty(); }
  std::size_t size() const { return steps_.size(); }

 private:
  struct Step {
    std::string what;
    std::function<void()> undo;
  };
  std::vector<Step> steps_;
};

}  // namespace lab::core

#include "lab/core/teardown.h"

#include <exception>

namespace lab::core {

void Teardown::push(std::string what, std::function<void()> undo) {
  steps_.push_back({std::move(what), std::move(undo)});
}

void Teardown::run(const Log& log) noexcept {
  while (!steps_.empty()) {
    Step s = std::move(steps_.back());
    steps_.pop_back();
    try {
      s.undo();
    } catch (const std::exception& e) {
      if (log) log("teardown: " + s.what + " failed: " + e.what());
    } catch (...) {
      if (log) log("teardown: " + s.what + " failed");
    }
  }
}

}  // namespace lab::core

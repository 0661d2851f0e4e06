#include "lab/kernel/features.h"

namespace lab::kernel {

std::string ProbeResult::describe() const {
  std::string s;
  for (const auto& m : missing) {
    if (!s.empty()) s += "; ";
    s += m.feature + " (" + m.detail + ")";
  }
  return s;
}

}  // namespace lab::kernel

#include "harness/cli/fail.h"

#include <iostream>

#include "lab/sys/error.h"

namespace harness::cli {

int failEnvironment(const std::exception& e) {
  std::cerr << "labrun: " << e.what();
  if (const auto* env = dynamic_cast<const lab::sys::EnvironmentError*>(&e)) std::cerr << " (" << env->remedy() << ")";
  std::cerr << '\n';
  return lab::sys::kExitEnvironment;
}

}  // namespace harness::cli

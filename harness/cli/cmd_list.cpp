#include <iomanip>
#include <iostream>

#include "harness/cli/commands.h"
#include "harness/scenario/locator.h"
#include "harness/scenario/parser.h"

namespace harness::cli {

int cmdList() {
  auto files = scenario::shippedScenarios();
  size_t width = 0;
  for (const auto& f : files) width = std::max(width, f.stem().string().size());
  for (const auto& f : files) {
    std::string about;
    try {
      about = scenario::loadScenario(f).about;
    } catch (const std::exception&) {
      about = "(invalid: run `labrun scenario " + f.stem().string() + "` to see why)";
    }
    std::cout << std::left << std::setw(static_cast<int>(width) + 2) << f.stem().string() << about
              << '\n';
  }
  std::cout << "(" << files.size() << " scenarios in " << scenario::scenariosDir().string() << ")\n";
  return 0;
}

}  // namespace harness::cli

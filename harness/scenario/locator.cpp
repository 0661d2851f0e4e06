#include "harness/scenario/locator.h"

#include <algorithm>
#include <cstdlib>

#include "harness/scenario/suggest.h"

namespace harness::scenario {
namespace fs = std::filesystem;

fs::path scenariosDir() {
  if (const char* d = std::getenv("LABRUN_SCENARIOS_DIR"); d && *d) return d;
  return fs::path(LABRUN_SOURCE_DIR) / "scenarios";
}

std::vector<fs::path> shippedScenarios() {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(scenariosDir(), ec))
    if (e.path().extension() == ".yaml") out.push_back(e.path());
  std::sort(out.begin(), out.end(), [](const fs::path& a, const fs::path& b) { return a.stem() < b.stem(); });
  return out;
}

fs::path resolveScenario(const std::string& s) {
  const bool isPath = s.find('/') != std::string::npos || s.ends_with(".yaml") || s.ends_with(".yml");
  if (isPath) {
    if (!fs::exists(s)) throw UsageError("scenario file " + s + " does not exist");
    return fs::absolute(s);
  }
  fs::path p = scenariosDir() / (s + ".yaml");
  if (fs::exists(p)) return p;
  std::vector<std::string> names;
  for (const auto& f : shippedScenarios()) names.push_back(f.stem().string());
  std::string msg = "no scenario named '" + s + "' in " + scenariosDir().string();
  if (auto near = nearest(s, names)) msg += " (did you mean '" + *near + "'?)";
  throw UsageError(msg + "; shipped: " + joinNames(names));
}

}  // namespace harness::scenario

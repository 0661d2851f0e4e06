#include "lab/ike/version_probe.h"

#include <regex>

#include "lab/sys/process.h"

namespace lab::ike {

std::string probeVersion(const std::vector<std::string>& argv, const std::string& pattern) {
  try {
    sys::RunOptions o;
    o.timeout = std::chrono::seconds(5);
    auto r = sys::run(argv, o);
    std::smatch m;
    if (std::regex_search(r.out, m, std::regex(pattern))) return m[1].str();
  } catch (const std::exception&) {
  }
  return "";
}

}  // namespace lab::ike

#pragma once
// The installed version of a daemon, from what one of its tools prints.
#include <string>
#include <vector>

namespace lab::ike {

// Runs argv (5 s at most) and returns the first capture group of `pattern`
// in its output; "" when the tool is missing, fails or prints no match.
std::string probeVersion(const std::vector<std::string>& argv, const std::string& pattern);

}  // namespace lab::ike

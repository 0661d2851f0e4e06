#pragma once
// Which Debian release ships which daemon version: the versions the roots
// built here installed (labrun release list), kept as a table so that a log
// can be matched to a release without building anything (labrun explain).
#include <string>
#include <vector>

namespace lab::release {

// The releases whose `impl` ("libreswan", "strongswan") is `version`
// (upstream: "4.3", "6.0.1"), oldest first; empty when none ships it.
std::vector<std::string> releasesShipping(const std::string& impl, const std::string& version);

}  // namespace lab::release

#pragma once
// How a subcommand ends when the lab itself cannot be made: the message
// (with the remedy for an environment limit) on stderr, exit code 3.
#include <exception>

namespace harness::cli {

int failEnvironment(const std::exception& e);

}  // namespace harness::cli

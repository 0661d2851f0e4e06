#pragma once
// Finds a lab's leftovers BY NAME after a crash or kill -9 and removes them:
// /run/netns/lr-<lab>-* (every lr-* when no lab is given), the processes
// whose network namespace is one of those, and the namespace files.
// Idempotent. (Run directories and UML guests are the lead's: not here.)
#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace lab::core {

struct CleanReport {
  std::vector<std::string> namespaces;  // removed /run/netns entries
  std::vector<pid_t> killedPids;        // processes that were inside them
  std::vector<std::string> errors;      // what could not be removed
  bool empty() const { return namespaces.empty() && killedPids.empty(); }
};

CleanReport cleanLeftovers(const std::string& labOrEmpty);

// Names under /run/netns starting with "lr-<lab>-" ("lr-" if lab is empty).
std::vector<std::string> leftoverNamespaces(const std::string& labOrEmpty);

// Kills every process (other than labrun itself) whose /proc/<pid>/ns/net
// is one of the named namespaces: SIGTERM, then SIGKILL after `grace`.
// Returns the pids found.
std::vector<pid_t> killProcessesIn(const std::vector<std::string>& nsNames,
                                   std::chrono::milliseconds grace = std::chrono::milliseconds(1000));

}  // namespace lab::core

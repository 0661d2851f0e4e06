#pragma once
// The explicit list of IKE implementations.
#include <memory>
#include <string>
#include <vector>

#include "lab/ike/ike_daemon.h"

namespace lab::ike {

// "libreswan", "strongswan".
const std::vector<std::string>& knownDaemons();
// Throws sys::Error listing the known kinds for an unknown one, and
// sys::EnvironmentError naming the package when the daemon is not installed.
std::unique_ptr<IkeDaemon> makeDaemon(const std::string& kind, const netns::NetNs& ns,
                                      const DaemonDirs& dirs);
// Installed version, or "" when the implementation is not installed.
std::string installedVersion(const std::string& kind);
// Makes a key entry for `kind` in `dir` (lab/ike/host_keys.h).
void makeKeyEntry(const std::string& kind, const std::filesystem::path& dir);
// Whether `kind` with `auth` uses a key entry.
bool needsKeyEntry(const std::string& kind, Auth auth);

}  // namespace lab::ike

#pragma once
// The private mount namespace a release root's processes share (see
// RunOptions::root): made once per (root, binds) by a short-lived child that
// unshares, binds the directories in and hands its namespace over as a file
// descriptor; every later child only setns()es into it and chroots. Under
// UML a fresh namespace with its bind mounts cost each exec of whack or
// addconn a few hundred system calls; this costs three.
//
// The namespace lives as long as labrun holds its descriptor (a killed labrun
// leaves nothing: the kernel drops it with the last reference). Entries
// whose bound directories are gone (a finished case of a matrix worker) are
// dropped when the next one is made.
#include <string>
#include <utility>
#include <vector>

namespace lab::sys {

// A descriptor of the mount namespace for `root` with `binds` (source →
// target inside root) mounted; owned by the cache, valid for the process's
// life. Throws Error when it cannot be made.
int releaseRootMountNs(const std::string& root, const std::vector<std::pair<std::string, std::string>>& binds);

}  // namespace lab::sys

#pragma once
// The private mount namespace a release root's processes share (see
// RunOptions::root): made once per (root, binds) by a short-lived child that
// unshares, binds the directories in and hands its namespace over as a file
// descriptor; every later child only setns()es into it and chroots. Under
// UML a fresh namespace with its bind mounts cost each exec of whack or
// addconn a few hundred system calls; this costs three.
//
// What is bound in: /proc, /dev, /sys, /run, /tmp and the top-level
// directory of each of `dirs` (a lab's run directory lives under /tmp), at
// their own paths. Namespaces are keyed by the root and those top-level
// directories, so a whole run (a matrix worker's too) needs one per root.
// The namespace lives as long as labrun holds its descriptor (a killed
// labrun leaves nothing: the kernel drops it with the last reference).
#include <filesystem>
#include <vector>

namespace lab::sys {

// A descriptor of that mount namespace; owned by the cache, valid for the
// process's life. Throws Error when it cannot be made.
int releaseRootMountNs(const std::filesystem::path& root, const std::vector<std::filesystem::path>& dirs);

}  // namespace lab::sys

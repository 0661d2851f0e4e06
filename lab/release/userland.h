#pragma once
// Where a daemon's programs come from: the machine's own userland, or a
// release root (release_root.h) that each of its processes sees as / in a
// private mount namespace, with the directories it works in bound in at
// their own paths.
#include <filesystem>
#include <vector>

#include "lab/sys/process.h"

namespace lab::release {

struct Userland {
  std::filesystem::path root;                 // empty: the machine's own
  std::vector<std::filesystem::path> binds;   // directories its processes must see (state, config)
  bool own() const { return root.empty(); }
  // `o` runs its program from this userland.
  sys::RunOptions& apply(sys::RunOptions& o) const {
    o.root = root;
    o.rootBinds = binds;
    return o;
  }
  // A file of the userland (e.g. /usr/libexec/ipsec/pluto) as labrun sees it.
  std::filesystem::path file(const std::filesystem::path& p) const {
    return own() ? p : root / p.relative_path();
  }
};

}  // namespace lab::release

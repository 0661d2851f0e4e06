#pragma once
// `labrun shell`: the shell every backend runs in a node, and its prompt,
// which names the lab and node ("[nat-c A]# ").
#include <string>
#include <vector>

namespace lab::kernel {

inline std::string shellPrompt(const std::string& lab, const std::string& node) {
  return "[" + lab + " " + node + "]\\$ ";
}
// bash without rc files: the prompt stays the lab's.
inline std::vector<std::string> shellArgv() { return {"/bin/bash", "--norc", "--noprofile", "-i"}; }

}  // namespace lab::kernel

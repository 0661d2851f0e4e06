#pragma once
// A kept lab (`labrun scenario --keep`): what its job leaves in the run
// directory so later labrun commands (exec, shell, ls, clean) find it:
//   <runDir>/kept-lab   backend name, then one "NODE NETNS" line per node
// Written by the job (inside a UML guest too: the run directory is hostfs).
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lab::kernel {

struct KeptLab {
  std::string lab;
  std::filesystem::path runDir;
  std::string backend;                                     // KernelBackend::name()
  std::vector<std::pair<std::string, std::string>> nodes;  // node → namespace name (lr-<lab>-<node>)
  std::chrono::system_clock::time_point since;             // when it was kept

  // The namespace of `node`, "" if it is not one of the lab's.
  std::string netnsOf(const std::string& node) const;
  std::string nodeList() const;  // "A, B, C"
};

void writeKeptLab(const KeptLab& k);
// The kept lab in `runDir`, if its job kept one.
std::optional<KeptLab> readKeptLab(const std::filesystem::path& runDir);
// Every kept lab under `runBase`, sorted by name.
std::vector<KeptLab> keptLabs(const std::filesystem::path& runBase);

}  // namespace lab::kernel

#pragma once
// The host backend: this kernel. A job is a labrun child process in its own
// process group (Ctrl-C reaches labrun, which stops the job: it tears its
// lab down first).
#include <map>
#include <mutex>

#include "lab/kernel/backend.h"

namespace lab::kernel::host {

class HostBackend final : public KernelBackend {
 public:
  std::string_view name() const override { return "host"; }
  std::string unavailable() const override;
  ProbeResult probe(const FeatureNeeds& needs) const override;
  JobRun run(const Job& job) const override;
  void kill(const Job& job) const override;
  bool keepsLabs() const override { return true; }
  // The lab lives in this kernel: nothing to hold.
  void holdKept(const KeptLab&, int) const override {}
  // setns into the node's namespace, then exec: the command (or the shell,
  // on the caller's own terminal) replaces labrun.
  int execKept(const KeptLab& lab, const std::string& netns, const std::vector<std::string>& argv) const override;
  int shellKept(const KeptLab& lab, const std::string& node, const std::string& netns) const override;
  bool keptAlive(const KeptLab& lab) const override;
  bool jobProbesKernel() const override { return true; }
  std::vector<int> killLeftovers(const std::filesystem::path&) const override { return {}; }

 private:
  mutable std::mutex m_;
  mutable std::map<std::string, int> running_;  // job id → process group
};

}  // namespace lab::kernel::host

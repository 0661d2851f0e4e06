#pragma once
// The UML backend: Debian's user-mode-linux kernel. A job is the init of a
// guest (uml_guest.h) that sees the host's filesystem; its progress lines
// come back over the console. Needs no privileges on the host.
#include "lab/kernel/backend.h"

namespace lab::kernel::uml {

class UmlBackend final : public KernelBackend {
 public:
  std::string_view name() const override { return "uml"; }
  std::string unavailable() const override;
  // From the kernel's module tree: a feature is there when its modules are
  // (they load on demand in the guest). NAT: iptables-legacy's iptable_nat.
  ProbeResult probe(const FeatureNeeds& needs) const override;
  JobRun run(const Job& job) const override;
  void kill(const Job& job) const override;
  // A kept lab lives on in its guest, which serves exec and shell requests
  // through the spool in the run directory (spool.h).
  bool keepsLabs() const override { return true; }
  [[noreturn]] void holdKept(const KeptLab& lab, int jobExit) const override;
  int execKept(const KeptLab& lab, const std::string& netns, const std::vector<std::string>& argv) const override;
  int shellKept(const KeptLab& lab, const std::string& node, const std::string& netns) const override;
  bool keptAlive(const KeptLab& lab) const override;
  bool jobProbesKernel() const override { return false; }
  std::vector<int> killLeftovers(const std::filesystem::path& runBase) const override;
};

}  // namespace lab::kernel::uml

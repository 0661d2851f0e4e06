#pragma once
// Applies iptables-restore text inside a namespace, choosing the backend that
// works on this kernel by trying: iptables-nft first, then iptables-legacy
// (Debian's UML kernel lacks nft_chain_nat). The first backend that works is
// remembered for the process (the kernel does not change under it) and
// tried first for every later table. $LABRUN_IPTABLES=iptables-nft|iptables-legacy
// forces one (CI runs both where the kernel has both).
#include <string>

namespace lab::netns {
class NetNs;
}

namespace lab::nat {

class IptablesRestore {
 public:
  // Throws EnvironmentError if no backend can load the rules.
  void apply(const netns::NetNs& ns, const std::string& rules);
  // Empties the nat table again (best effort, for teardown). Never throws.
  void flushNat(const netns::NetNs& ns) noexcept;
  // "iptables-nft", "iptables-legacy", or "" before the first apply.
  const std::string& backend() const { return backend_; }
  // The backend a probe or an earlier apply in this process found working, "" if none yet.
  static std::string known();

 private:
  std::string backend_;
};

}  // namespace lab::nat

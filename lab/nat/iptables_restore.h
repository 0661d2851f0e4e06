#pragma once
// Applies iptables-restore text inside a namespace, choosing the backend that
// works on this kernel: iptables-nft first, then iptables-legacy (Debian's UML
// kernel lacks nft_chain_nat). The first backend that works is remembered and
// tried first for later tables.
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

 private:
  std::string backend_;
};

}  // namespace lab::nat

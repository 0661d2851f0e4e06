#include "lab/nat/iptables_restore.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <vector>

#include "lab/netns/netns.h"
#include "lab/sys/error.h"
#include "lab/sys/process.h"

namespace lab::nat {
namespace {

sys::RunResult restore(const netns::NetNs& ns, const std::string& backend, const std::string& rules) {
  sys::RunOptions o;
  o.ns = &ns;
  o.stdinText = rules;
  o.timeout = std::chrono::seconds(20);
  o.package = "iptables";
  std::vector<std::string> argv = {backend + "-restore"};
  // legacy takes a lock file shared by all namespaces: wait for it.
  if (backend == "iptables-legacy") argv.insert(argv.end(), {"-w", "5"});
  return sys::run(argv, o);
}

std::mutex gKnownMutex;
std::string gKnown;  // the backend that worked in this process

// Before anything has worked in this process: legacy first when the kernel
// has iptable_nat loaded and no nft_chain_nat (a UML guest preloads exactly
// that), else nft, Debian's default. Only an order: the other is still
// tried. Saves a failing iptables-nft exec (~0.4 s under UML) per lab.
std::string likelyBackend() {
  std::ifstream in("/proc/modules");
  bool legacy = false, nft = false;
  for (std::string line; std::getline(in, line);) {
    const std::string name = line.substr(0, line.find(' '));
    legacy = legacy || name == "iptable_nat";
    nft = nft || name == "nft_chain_nat";
  }
  return legacy && !nft ? "iptables-legacy" : "";
}

// $LABRUN_IPTABLES names the only backend to use (iptables-nft or
// iptables-legacy; "nft" and "legacy" too), "" when unset: both are tried.
std::string forcedBackend() {
  const char* v = std::getenv("LABRUN_IPTABLES");
  if (!v || !*v) return "";
  std::string b = v;
  if (b.rfind("iptables-", 0) != 0) b = "iptables-" + b;
  if (b != "iptables-nft" && b != "iptables-legacy")
    throw sys::EnvironmentError("LABRUN_IPTABLES=" + std::string(v) + " names no iptables backend",
                                "LABRUN_IPTABLES=iptables-nft or iptables-legacy, or unset it");
  return b;
}

}  // namespace

std::string IptablesRestore::known() {
  std::lock_guard lock(gKnownMutex);
  return gKnown;
}

void IptablesRestore::apply(const netns::NetNs& ns, const std::string& rules) {
  std::vector<std::string> order = {"iptables-nft", "iptables-legacy"};
  std::string first = backend_.empty() ? known() : backend_;
  if (first.empty()) first = likelyBackend();
  if (first == order[1]) std::swap(order[0], order[1]);
  const std::string forced = forcedBackend();
  if (!forced.empty()) order = {forced};
  std::string failures;
  for (const auto& b : order) {
    sys::RunResult r;
    try {
      r = restore(ns, b, rules);
    } catch (const sys::EnvironmentError& e) {
      failures += "\n  " + b + ": " + e.what();
      continue;
    }
    if (r.ok()) {
      backend_ = b;
      std::lock_guard lock(gKnownMutex);
      gKnown = b;
      return;
    }
    failures += "\n  " + b + "-restore (exit " + std::to_string(r.exitCode) +
                (r.timedOut ? ", timed out" : "") + "): " + r.out;
  }
  if (!forced.empty())
    throw sys::EnvironmentError(forced + " (LABRUN_IPTABLES) cannot load the 1:1 NAT rules in " + ns.name() +
                                    " (this kernel lacks its NAT support?):" + failures,
                                "unset LABRUN_IPTABLES to let labrun pick the backend that works");
  throw sys::EnvironmentError("no iptables backend can load the 1:1 NAT rules in " + ns.name() +
                                  " (this kernel lacks NAT support?):" + failures,
                              "--kernel uml, or a kernel with iptable_nat/nft_chain_nat");
}

void IptablesRestore::flushNat(const netns::NetNs& ns) noexcept {
  if (backend_.empty()) return;
  try {
    restore(ns, backend_, "*nat\nCOMMIT\n");
  } catch (...) {
  }
}

}  // namespace lab::nat

#include <unistd.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "harness/cli/commands.h"
#include "lab/core/clean.h"
#include "lab/core/run_dir.h"
#include "lab/kernel/backend.h"

namespace harness::cli {
namespace fs = std::filesystem;

// Order: what each kernel backend left (UML guests: their labs die with
// them), then processes inside lab namespaces and the namespaces, then run
// directories no live labrun owns.
int cmdClean(const std::string& labName) {
  int removed = 0;
  const fs::path scope = labName.empty() ? lab::core::runBase() : lab::core::runBase() / labName;
  for (const auto* b : lab::kernel::backends())
    for (int pid : b->killLeftovers(scope)) {
      std::cout << "killed " << b->name() << " process " << pid << '\n';
      ++removed;
    }
  if (::geteuid() == 0) {
    auto r = lab::core::cleanLeftovers(labName);
    for (auto pid : r.killedPids) std::cout << "killed process " << pid << " (inside a lab namespace)\n";
    for (const auto& ns : r.namespaces) std::cout << "removed namespace " << ns << '\n';
    for (const auto& e : r.errors) std::cerr << "labrun clean: " << e << '\n';
    removed += static_cast<int>(r.killedPids.size() + r.namespaces.size());
  } else if (!lab::core::leftoverNamespaces(labName).empty()) {
    std::cerr << "labrun clean: lab namespaces exist but removing them needs root: sudo labrun clean\n";
  }
  for (const auto& d : lab::core::listRunDirs()) {
    if (d.alive || d.lab == "artifacts") continue;
    if (!labName.empty() && d.lab != labName) continue;
    // A process just killed may still be closing files in it (its exit
    // takes a while on a loaded machine): a non-empty directory is tried
    // again for up to 2 s before it is reported.
    std::error_code ec;
    for (int attempt = 0; attempt < 20; ++attempt) {
      ec.clear();
      fs::remove_all(d.dir, ec);
      if (!ec || !fs::exists(d.dir)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (ec && fs::exists(d.dir)) {
      std::cerr << "labrun clean: cannot remove " << d.dir.string() << ": " << ec.message() << '\n';
      continue;
    }
    std::cout << "removed run directory " << d.dir.string() << (d.kept ? " (kept lab)" : "") << '\n';
    ++removed;
  }
  if (removed == 0) std::cout << "nothing to clean\n";
  return 0;
}

}  // namespace harness::cli

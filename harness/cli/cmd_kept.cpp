// Kept labs (`labrun scenario --keep`): exec, shell, ls. Each asks the
// backend that kept the lab (lab/kernel/backend.h), whichever it is.
#include <chrono>
#include <iomanip>
#include <iostream>
#include <optional>

#include "harness/cli/commands.h"
#include "lab/core/run_dir.h"
#include "lab/kernel/backend.h"
#include "lab/sys/error.h"

namespace harness::cli {
namespace {

using lab::kernel::KeptLab;

std::string keptSummary() {
  std::string out;
  for (const auto& k : lab::kernel::keptLabs(lab::core::runBase()))
    out += "\n  " + k.lab + " (" + k.backend + "): " + k.nodeList();
  return out.empty() ? " none; keep one with `labrun scenario NAME --keep`" : out;
}

// The kept lab and the namespace of its node, or exit 2 naming what is kept.
struct Target {
  KeptLab lab;
  std::string netns;
  const lab::kernel::KernelBackend* backend = nullptr;
};
std::optional<Target> findTarget(const std::string& labName, const std::string& node, int& exitCode) {
  exitCode = lab::sys::kExitBadInput;
  auto k = labName.find('/') == std::string::npos ? lab::kernel::readKeptLab(lab::core::runBase() / labName)
                                                  : std::nullopt;
  if (!k) {
    std::cerr << "labrun: no kept lab '" << labName << "'; kept labs:" << keptSummary() << '\n';
    return std::nullopt;
  }
  Target t{*k, k->netnsOf(node), nullptr};
  if (t.netns.empty()) {
    std::cerr << "labrun: lab '" << labName << "' has no node '" << node << "'; its nodes: " << k->nodeList()
              << "\nkept labs:" << keptSummary() << '\n';
    return std::nullopt;
  }
  try {
    t.backend = &lab::kernel::backend(k->backend);
  } catch (const std::exception& e) {
    std::cerr << "labrun: " << e.what() << '\n';
    return std::nullopt;
  }
  if (!t.backend->keptAlive(t.lab)) {
    std::cerr << "labrun: lab '" << labName << "' is no longer running (its " << k->backend
              << " lab is gone); `labrun clean " << labName << "` removes what is left\n";
    exitCode = lab::sys::kExitEnvironment;
    return std::nullopt;
  }
  return t;
}

std::string age(std::chrono::system_clock::time_point since) {
  const auto s = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now() - since).count();
  if (s < 120) return std::to_string(s) + "s";
  if (s < 7200) return std::to_string(s / 60) + "m";
  return std::to_string(s / 3600) + "h";
}

}  // namespace

int cmdExec(const std::string& labName, const std::string& node, const std::vector<std::string>& argv) {
  int rc = 0;
  auto t = findTarget(labName, node, rc);
  if (!t) return rc;
  return t->backend->execKept(t->lab, t->netns, argv);
}

int cmdShell(const std::string& labName, const std::string& node) {
  int rc = 0;
  auto t = findTarget(labName, node, rc);
  if (!t) return rc;
  return t->backend->shellKept(t->lab, node, t->netns);
}

int cmdLs() {
  const auto labs = lab::kernel::keptLabs(lab::core::runBase());
  if (labs.empty()) {
    std::cout << "no kept labs (labrun scenario NAME --keep keeps one)\n";
    return 0;
  }
  std::cout << std::left << std::setw(16) << "LAB" << std::setw(9) << "BACKEND" << std::setw(8) << "AGE"
            << std::setw(9) << "STATE" << "NODES\n";
  for (const auto& k : labs) {
    bool alive = false;
    try {
      alive = lab::kernel::backend(k.backend).keptAlive(k);
    } catch (const std::exception&) {
    }
    std::cout << std::setw(16) << k.lab << std::setw(9) << k.backend << std::setw(8) << age(k.since) << std::setw(9)
              << (alive ? "running" : "gone") << k.nodeList() << '\n';
  }
  return 0;
}

}  // namespace harness::cli

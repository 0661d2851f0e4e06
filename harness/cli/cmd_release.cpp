// labrun release list | build NAME... | rm NAME...: the Debian release roots
// hosts' IKE daemons run from (lab/release/release_root.h). build shows a
// live progress line on a terminal (report/progress_line.h).
#include <chrono>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "harness/cli/commands.h"
#include "harness/cli/fail.h"
#include "harness/report/progress_line.h"
#include "harness/run/progress.h"
#include "harness/scenario/names.h"
#include "lab/ike/registry.h"
#include "lab/kernel/uml/uml_kernels.h"
#include "lab/release/release_root.h"
#include "lab/sys/error.h"
#include "lab/sys/interrupt.h"

namespace harness::cli {
namespace {

struct RootRef {
  std::string release;
  std::string kind;  // an IKE implementation, or "uml" (a UML kernel)
  std::vector<std::string> packages;
};

// "bullseye" → a root per implementation that runs from one;
// "bullseye-libreswan" → that one; "trixie-uml" → trixie's UML kernel.
// Throws std::invalid_argument.
std::vector<RootRef> resolve(const std::string& name) {
  std::vector<RootRef> out;
  std::string release = name, only;
  if (auto split = lab::release::splitRootName(name)) {
    release = split->first;
    only = split->second;
  }
  if (auto p = scenario::releaseNameProblem(release); !p.empty()) throw std::invalid_argument(p);
  if (only == lab::kernel::uml::kUmlRootKind) return {{release, only, {lab::kernel::uml::kUmlPackage}}};
  for (const auto& implName : lab::ike::implementationNames()) {
    const auto& impl = lab::ike::implementation(implName);
    if (impl.releasePackages(release).empty() || (!only.empty() && impl.name() != only)) continue;
    out.push_back({release, std::string(impl.name()), impl.releasePackages(release)});
  }
  if (out.empty())
    throw std::invalid_argument("'" + only + "' is not an IKE daemon that runs from a release root, nor 'uml' (" + name + ")");
  return out;
}

std::string seconds(double s) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1) << s << " s";
  return out.str();
}

int list() {
  const auto roots = lab::release::listRoots();
  for (const auto& r : roots) {
    std::string daemon;
    if (r.impl == lab::kernel::uml::kUmlRootKind)
      daemon = std::string(lab::kernel::uml::kUmlPackage) + " " + r.packageVersion(lab::kernel::uml::kUmlPackage);
    for (const auto& implName : lab::ike::implementationNames()) {
      const auto& impl = lab::ike::implementation(implName);
      if (impl.name() != r.impl) continue;
      for (const auto& p : impl.releasePackages(r.release)) daemon += (daemon.empty() ? "" : ", ") + p + " " + r.packageVersion(p);
    }
    std::cout << std::left << std::setw(22) << r.name() << daemon << "  (" << r.packages.size()
              << " packages, built in " << seconds(r.buildSeconds) << ")\n";
  }
  std::cout << "(" << roots.size() << " release roots in " << lab::release::rootsDir().string() << ")\n";
  if (roots.empty()) std::cout << "build one with: labrun release build bullseye\n";
  return 0;
}

// Builds (or finds) each root in turn; on a terminal under the live line
// "release roots: done 1/2, running bullseye-strongswan, elapsed 0:41".
int build(const std::vector<RootRef>& refs) {
  report::ProgressLine bar(stdout, {.what = "release roots", .total = static_cast<int>(refs.size()), .showEta = false});
  std::optional<run::ProgressSink> above;  // mmdebstrap's start and end lines go above the live line
  if (bar.live()) above.emplace([&bar](const std::string& line) { bar.print(line); });
  for (const auto& r : refs) {
    const std::string name = r.release + "-" + r.kind;
    try {
      const auto before = lab::release::findRoot(r.release, r.kind);
      const bool had = before && before->missing(r.packages).empty();  // else ensureRoot builds it again
      bar.update([&](report::ProgressCounts& c) {
        c.current = name;
        c.running = 1;
      });
      const auto t0 = std::chrono::steady_clock::now();
      auto root = lab::release::ensureRoot(r.release, r.kind, r.packages,
                                           [](const std::string& line) { run::progress(line); });
      bar.update([&](report::ProgressCounts& c) {
        ++c.done;
        c.current.clear();
        c.running = 0;
        c.finishedSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      });
      bar.print(name + (had ? " (already built)" : "") + ": " + root.dir.string());
    } catch (const lab::sys::Interrupted&) {
      return lab::sys::kExitInterrupted;
    } catch (const std::exception& e) {
      above.reset();
      bar.stop();  // the error on a line of its own
      return failEnvironment(e);
    }
  }
  return 0;
}

}  // namespace

int cmdRelease(const std::string& action, const std::vector<std::string>& names) {
  lab::sys::installInterruptHandlers();
  if (action == "list") return list();
  std::vector<RootRef> refs;
  try {
    for (const auto& n : names)
      for (auto& r : resolve(n)) refs.push_back(r);
  } catch (const std::invalid_argument& e) {
    std::cerr << "labrun release " << action << ": " << e.what() << '\n';
    return lab::sys::kExitBadInput;
  }
  if (action == "build") return build(refs);
  try {
    for (const auto& r : refs)
      std::cout << (lab::release::removeRoot(r.release, r.kind) ? "removed " : "no root ") << r.release << "-"
                << r.kind << '\n';
  } catch (const lab::sys::Interrupted&) {
    return lab::sys::kExitInterrupted;
  } catch (const std::exception& e) {
    return failEnvironment(e);
  }
  return 0;
}

}  // namespace harness::cli

#include "harness/run/releases.h"

#include "lab/ike/registry.h"
#include "lab/release/release_root.h"
#include "lab/sys/error.h"

namespace harness::run {
namespace {

const lab::ike::IkeImplementation& implOf(const ScenarioSpec& spec, const std::string& host) {
  return lab::ike::implementation(spec.ipsec->daemons.at(host));
}

std::vector<std::string> packagesOf(const ScenarioSpec& spec, const std::string& host, const std::string& release) {
  const auto& impl = implOf(spec, host);
  auto packages = impl.releasePackages();
  if (packages.empty())
    throw lab::sys::EnvironmentError(std::string(impl.displayName()) + " cannot run from a release root yet (" +
                                         host + ": release " + release + ")",
                                     "run " + host + "'s " + std::string(impl.displayName()) +
                                         " from this machine's userland (no release for it)");
  return packages;
}

}  // namespace

std::string releaseOf(const ScenarioSpec& spec, const std::string& host) {
  for (const auto& h : spec.topology.hosts)
    if (h.name == host) return h.release;
  return "";
}

void ensureReleaseRoots(const ScenarioSpec& spec, const std::function<void(const std::string&)>& progress) {
  if (!spec.ipsec) return;
  for (const auto& host : spec.ipsec->hosts()) {
    const std::string release = releaseOf(spec, host);
    if (release.empty()) continue;
    auto packages = packagesOf(spec, host, release);
    auto root = lab::release::ensureRoot(release, std::string(implOf(spec, host).name()), packages, progress);
    implOf(spec, host).checkReleaseRoot(root.dir);
  }
}

std::filesystem::path rootOf(const ScenarioSpec& spec, const std::string& host) {
  const std::string release = releaseOf(spec, host);
  if (release.empty()) return {};
  packagesOf(spec, host, release);
  const std::string impl(implOf(spec, host).name());
  auto root = lab::release::findRoot(release, impl);
  if (!root)
    throw lab::sys::EnvironmentError("release root " + release + "-" + impl + " (for " + host + ") is not built (looked in " +
                                         lab::release::rootsDir().string() + ")",
                                     "labrun release build " + release + "-" + impl);
  return root->dir;
}

}  // namespace harness::run

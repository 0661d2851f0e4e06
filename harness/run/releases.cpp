#include "harness/run/releases.h"

#include <algorithm>
#include <fstream>
#include <map>

#include "lab/ike/registry.h"
#include "lab/release/release_root.h"
#include "lab/sys/error.h"
#include "lab/sys/file.h"

namespace harness::run {
namespace {

const lab::ike::IkeImplementation& implOf(const ScenarioSpec& spec, const std::string& host) {
  return lab::ike::implementation(spec.ipsec->daemons.at(host));
}

std::vector<std::string> packagesOf(const ScenarioSpec& spec, const std::string& host, const std::string& release) {
  const auto& impl = implOf(spec, host);
  auto packages = impl.releasePackages(release);
  if (packages.empty())
    throw lab::sys::EnvironmentError(std::string(impl.displayName()) + " cannot run from a release root yet (" +
                                         host + ": release " + release + ")",
                                     "run " + host + "'s " + std::string(impl.displayName()) +
                                         " from this machine's userland (no release for it)");
  return packages;
}

}  // namespace

std::vector<lab::ike::OwnConfig> ownConfigsOf(const ScenarioSpec& spec, const std::string& host) {
  std::vector<lab::ike::OwnConfig> out;
  auto add = [&](const OwnPerEnd& per) {
    if (auto it = per.find(host); it != per.end()) out.push_back(it->second);
  };
  for (const auto& c : spec.ipsec->conns) add(c.config);
  for (const auto& stage : spec.stages)
    for (const auto& [conn, per] : stage.config) add(per);
  return out;
}

std::string releaseOf(const ScenarioSpec& spec, const std::string& host) {
  for (const auto& h : spec.topology.hosts)
    if (h.name == host) return h.release;
  return "";
}

std::vector<std::string> releasesOf(const ScenarioSpec& spec, const std::string& host) {
  std::vector<std::string> out{releaseOf(spec, host)};
  for (const auto& stage : spec.stages)
    if (auto it = stage.release.find(host); it != stage.release.end() && it->second != out.back())
      out.push_back(it->second);
  return out;
}

void ensureReleaseRoots(const ScenarioSpec& spec, const std::function<void(const std::string&)>& progress) {
  if (!spec.ipsec) return;
  for (const auto& host : spec.ipsec->hosts())
    for (const auto& release : releasesOf(spec, host)) {
      if (release.empty()) continue;
      auto packages = packagesOf(spec, host, release);
      auto root = lab::release::ensureRoot(release, std::string(implOf(spec, host).name()), packages, progress);
      implOf(spec, host).checkReleaseRoot(root.dir);
      for (const auto& own : ownConfigsOf(spec, host)) implOf(spec, host).checkOwnConfigRoot(own, root.dir);
    }
}

std::filesystem::path rootOf(const ScenarioSpec& spec, const std::string& host) {
  return rootOf(spec, host, releaseOf(spec, host));
}

std::filesystem::path rootOf(const ScenarioSpec& spec, const std::string& host, const std::string& release) {
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

std::string debianVersionOf(const std::string& impl, const std::string& release) {
  const auto packages = lab::ike::implementation(impl).releasePackages(release);
  std::map<std::string, std::string> installed;
  if (!release.empty()) {
    if (auto root = lab::release::findRoot(release, impl)) installed = root->packages;
  } else {  // the machine's own, read once per process (every daemon asks)
    static const std::map<std::string, std::string> machine = [] {
      std::error_code ec;
      return std::filesystem::exists("/var/lib/dpkg/status", ec)
                 ? lab::release::installedPackages(lab::sys::readFile("/var/lib/dpkg/status"))
                 : std::map<std::string, std::string>{};
    }();
    installed = machine;
  }
  for (const auto& p : packages)
    if (auto it = installed.find(p); it != installed.end()) return it->second;
  return "";
}

std::string machineRelease() {
  std::ifstream f("/etc/os-release");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VERSION_CODENAME=", 0) == 0) {
      std::string v = line.substr(17);
      v.erase(std::remove(v.begin(), v.end(), '"'), v.end());
      return v;
    }
  return "";
}

}  // namespace harness::run

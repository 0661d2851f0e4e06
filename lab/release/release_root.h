#pragma once
// Release roots: a Debian release's userland with one IKE implementation's
// packages, built with mmdebstrap and cached, so that one host of a lab runs
// the daemon that release ships (libreswan 4.3 on bullseye, ...), in a
// private mount namespace whose root it is (sys::RunOptions::root).
//
//   auto root = release::ensureRoot("bullseye", "libreswan", {"libreswan"}, progress);
//   root.dir;                        // ~/.cache/labrun/roots/bullseye-libreswan
//   root.packageVersion("libreswan") // "4.3-1+deb11u4"
//
// One root per (release, implementation): Debian's libreswan and strongSwan
// packages conflict. Roots live under $LABRUN_ROOTS, else
// $XDG_CACHE_HOME/labrun/roots, else ~/.cache/labrun/roots. A root is built
// under a temporary name and renamed once complete, with its manifest
// (labrun-manifest, the exact package versions from its dpkg status); a
// directory without a manifest is never used. Builds take a flock per root,
// so parallel runs and matrix workers build each root once.
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lab::release {

struct ReleaseRoot {
  std::string release;  // "bullseye"
  std::string impl;     // "libreswan"
  std::filesystem::path dir;
  double buildSeconds = 0;
  std::map<std::string, std::string> packages;  // every installed package → exact version
  std::string name() const { return release + "-" + impl; }
  // Exact Debian version of `package` ("" if not installed).
  std::string packageVersion(const std::string& package) const;
  // Those of `packages` it does not have (a root built before they joined
  // an implementation's package list), in the given order.
  std::vector<std::string> missing(const std::vector<std::string>& packages) const;
};

// Where roots are cached (see above).
std::filesystem::path rootsDir();
// "bullseye-libreswan" → {bullseye, libreswan}; nullopt without a '-'.
std::optional<std::pair<std::string, std::string>> splitRootName(const std::string& name);

// The complete root of (release, impl) if it is cached.
std::optional<ReleaseRoot> findRoot(const std::string& release, const std::string& impl);
// The root's manifest (dir/labrun-manifest); nullopt if absent or unreadable.
std::optional<ReleaseRoot> readManifest(const std::filesystem::path& dir);
// Manifest text from a dpkg status file (pure; unit-tested).
std::map<std::string, std::string> installedPackages(const std::string& dpkgStatus);

// The cached root, built first if missing (mmdebstrap --variant=apt
// --include=<packages>), under the root's lock; `progress` gets one line
// when a build starts and one when it ends. Throws sys::EnvironmentError
// (exit 3) naming the release and `labrun release build <name>` when it
// cannot be built (unknown release, no network, no mmdebstrap).
ReleaseRoot ensureRoot(const std::string& release, const std::string& impl, const std::vector<std::string>& packages,
                       const std::function<void(const std::string&)>& progress);

// Every complete cached root, sorted by name.
std::vector<ReleaseRoot> listRoots();
// Removes a cached root (under its lock); false if there was none.
bool removeRoot(const std::string& release, const std::string& impl);

// Debian's upstream part of a package version: "4.3-1+deb11u4" → "4.3",
// "1:5.9.8-5" → "5.9.8".
std::string upstreamVersion(const std::string& debianVersion);

}  // namespace lab::release

#pragma once
// Hosts' Debian releases (a topology host's release:, --release): which
// release root each IPsec host's daemon runs from (lab/release).
//
// The labrun that starts a job builds the roots first (ensureReleaseRoots,
// on the machine with the network); the job only looks them up (rootOf).
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "harness/scenario/scenario_spec.h"

namespace harness::run {

// Every own config `host` is given (the scenario's conns', then each stage's).
std::vector<lab::ike::OwnConfig> ownConfigsOf(const ScenarioSpec& spec, const std::string& host);
// `host`'s release at the start, "" for the machine's own userland.
std::string releaseOf(const ScenarioSpec& spec, const std::string& host);
// Every release `host` runs from over the stages (the start's, then each
// stage's `release:`), in order; "" is the machine's own.
std::vector<std::string> releasesOf(const ScenarioSpec& spec, const std::string& host);
// Builds (or finds) the root of every IPsec host that has a release.
// Throws lab::sys::EnvironmentError when one cannot be built, when the
// host's IKE implementation cannot run from a release root, or when a
// cached root lacks what it runs (IkeImplementation::checkReleaseRoot).
void ensureReleaseRoots(const ScenarioSpec& spec, const std::function<void(const std::string&)>& progress);
// The complete root `host` runs from; empty for the machine's own.
// Throws lab::sys::EnvironmentError naming `labrun release build <name>`
// when it has not been built.
std::filesystem::path rootOf(const ScenarioSpec& spec, const std::string& host);
// The same for `host` on `release` ("" : empty path).
std::filesystem::path rootOf(const ScenarioSpec& spec, const std::string& host, const std::string& release);

// The exact Debian version of the package `impl` is installed from, on
// `release` (its root's manifest) or, for "", on this machine (dpkg's
// status); "" when unknown.
std::string debianVersionOf(const std::string& impl, const std::string& release);
// This machine's release codename (/etc/os-release VERSION_CODENAME: "bookworm").
std::string machineRelease();

}  // namespace harness::run

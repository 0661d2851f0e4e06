#pragma once
// Hosts' Debian releases (a topology host's release:, --release): which
// release root each IPsec host's daemon runs from (lab/release).
//
// The labrun that starts a job builds the roots first (ensureReleaseRoots,
// on the machine with the network); the job only looks them up (rootOf).
#include <filesystem>
#include <functional>
#include <string>

#include "harness/scenario/scenario_spec.h"

namespace harness::run {

// `host`'s release, "" for the machine's own userland.
std::string releaseOf(const ScenarioSpec& spec, const std::string& host);
// Builds (or finds) the root of every IPsec host that has a release.
// Throws lab::sys::EnvironmentError when one cannot be built, when the
// host's IKE implementation cannot run from a release root, or when a
// cached root lacks what it runs (IkeImplementation::checkReleaseRoot).
void ensureReleaseRoots(const ScenarioSpec& spec, const std::function<void(const std::string&)>& progress);
// The complete root `host` runs from; empty for the machine's own.
// Throws lab::sys::EnvironmentError naming `labrun release build <name>`
// when it has not been built.
std::filesystem::path rootOf(const ScenarioSpec& spec, const std::string& host);

}  // namespace harness::run

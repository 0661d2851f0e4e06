#include "lab/ike/host_keys.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "lab/ike/registry.h"
#include "lab/core/run_dir.h"
#include "lab/sys/error.h"
#include "lab/sys/interrupt.h"

namespace lab::ike {
namespace fs = std::filesystem;

namespace {

fs::path errorFile(const fs::path& entry) { return fs::path(entry.string() + ".error"); }

void makeOne(const fs::path& entry, const std::string& daemon, const fs::path& root) {
  if (fs::exists(entry)) return;
  const fs::path tmp = entry.string() + ".tmp-" + std::to_string(::getpid());
  std::error_code ec;
  fs::remove_all(tmp, ec);
  fs::remove(errorFile(entry), ec);
  try {
    fs::create_directories(tmp);
    fs::permissions(tmp, fs::perms::owner_all, fs::perm_options::replace);
    implementation(daemon).makeKeyEntry(tmp, root);
    fs::rename(tmp, entry);
  } catch (const std::exception& e) {
    fs::remove_all(tmp, ec);
    core::writeSecret(errorFile(entry), e.what());  // may quote a tool's output: keep it private
    throw;
  }
}

}  // namespace

fs::path HostKeys::entry(const std::string& host, const std::string& daemon, const std::string& release) const {
  return dir_ / (host + "-" + daemon + (release.empty() ? "" : "@" + release));
}

void HostKeys::make(const std::vector<KeyEntryRequest>& requests) const {
  fs::create_directories(dir_);
  fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::replace);
  std::vector<std::future<void>> jobs;
  for (const auto& r : requests)
    jobs.push_back(std::async(std::launch::async, [this, r] { makeOne(entry(r.host, r.daemon, r.release), r.daemon, r.root); }));
  std::exception_ptr first;
  for (auto& j : jobs) {
    try {
      j.get();
    } catch (...) {
      if (!first) first = std::current_exception();
    }
  }
  if (first) std::rethrow_exception(first);
}

std::future<void> HostKeys::makeInBackground(std::vector<KeyEntryRequest> requests) const {
  return std::async(std::launch::async, [keys = *this, requests = std::move(requests)] {
    try {
      keys.make(requests);
    } catch (const std::exception&) {  // written beside the entry for await()
    }
  });
}

fs::path HostKeys::await(const std::string& host, const std::string& daemon, std::chrono::milliseconds timeout,
                         const std::string& release) const {
  const fs::path e = entry(host, daemon, release);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (fs::exists(e)) return e;
    if (std::ifstream err{errorFile(e)}; err) {
      std::stringstream why;
      why << err.rdbuf();
      throw sys::Error("making " + host + "'s " + daemon + " host key failed: " + why.str());
    }
    sys::throwIfInterrupted("waiting for " + host + "'s host key");
    if (std::chrono::steady_clock::now() > deadline)
      throw sys::Error(host + "'s " + daemon + " host key did not appear in " + dir_.string() + " within " +
                       std::to_string(timeout.count() / 1000) + " s");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void addRequest(std::vector<KeyEntryRequest>& to, const KeyEntryRequest& r) {
  if (std::find(to.begin(), to.end(), r) == to.end()) to.push_back(r);
}

}  // namespace lab::ike

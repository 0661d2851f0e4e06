#include "lab/core/clean.h"

#include <signal.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <thread>
#include <utility>

#include "lab/netns/netns.h"

namespace lab::core {
namespace {

namespace fs = std::filesystem;
using NsId = std::pair<dev_t, ino_t>;

std::set<NsId> namespaceIds(const std::vector<std::string>& names) {
  std::set<NsId> ids;
  for (const auto& n : names) {
    struct stat st {};
    struct statfs sfs {};
    auto p = fs::path(netns::kNetnsDir) / n;
    // A mounted netns file is an nsfs inode; an unmounted leftover is an
    // empty file on /run and matches no process.
    if (::statfs(p.c_str(), &sfs) == 0 && sfs.f_type == NSFS_MAGIC && ::stat(p.c_str(), &st) == 0)
      ids.insert({st.st_dev, st.st_ino});
  }
  return ids;
}

std::vector<pid_t> pidsIn(const std::set<NsId>& ids) {
  std::vector<pid_t> pids;
  if (ids.empty()) return pids;
  const pid_t self = ::getpid();
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc", ec)) {
    const std::string name = e.path().filename();
    if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
    pid_t pid = static_cast<pid_t>(std::stol(name));
    if (pid == self) continue;
    struct stat st {};
    if (::stat((e.path() / "ns/net").c_str(), &st) != 0) continue;  // gone, or a kernel thread
    if (ids.count({st.st_dev, st.st_ino})) pids.push_back(pid);
  }
  return pids;
}

}  // namespace

std::vector<std::string> leftoverNamespaces(const std::string& labOrEmpty) {
  const std::string prefix = labOrEmpty.empty() ? "lr-" : "lr-" + labOrEmpty + "-";
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(netns::kNetnsDir, ec)) {
    std::string n = e.path().filename();
    if (n.rfind(prefix, 0) == 0) out.push_back(n);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<pid_t> killProcessesIn(const std::vector<std::string>& nsNames,
                                   std::chrono::milliseconds grace) {
  const auto ids = namespaceIds(nsNames);
  std::vector<pid_t> found = pidsIn(ids);
  if (found.empty()) return found;
  for (pid_t p : found) ::kill(p, SIGTERM);
  const auto until = std::chrono::steady_clock::now() + grace;
  std::vector<pid_t> left = found;
  while (!left.empty() && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    left = pidsIn(ids);  // also catches children forked meanwhile
    for (pid_t p : left)
      if (std::find(found.begin(), found.end(), p) == found.end()) {
        found.push_back(p);
        ::kill(p, SIGTERM);
      }
  }
  for (int round = 0; round < 5 && !left.empty(); ++round) {
    for (pid_t p : left) {
      ::kill(p, SIGKILL);
      if (std::find(found.begin(), found.end(), p) == found.end()) found.push_back(p);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    left = pidsIn(ids);
  }
  return found;
}

CleanReport cleanLeftovers(const std::string& labOrEmpty) {
  CleanReport r;
  auto names = leftoverNamespaces(labOrEmpty);
  if (names.empty()) return r;
  r.killedPids = killProcessesIn(names);
  for (const auto& n : names) {
    netns::NetNs::remove(n);
    if (netns::NetNs::exists(n))
      r.errors.push_back("cannot remove " + (fs::path(netns::kNetnsDir) / n).string() + ": " +
                         std::strerror(errno));
    else
      r.namespaces.push_back(n);
  }
  return r;
}

}  // namespace lab::core

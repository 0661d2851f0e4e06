#include "lab/sys/mount_ns.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>

#include "lab/sys/error.h"
#include "lab/sys/fd.h"
#include "lab/sys/process.h"

namespace lab::sys {
namespace {

using Binds = std::vector<std::pair<std::string, std::string>>;

struct Cache {
  std::mutex mutex;
  std::map<std::pair<std::string, std::vector<std::string>>, Fd> namespaces;  // (root, tops) →
};

// The top-level directories bound in: the system's, then each of `dirs`'.
std::vector<std::string> topsOf(const std::vector<std::filesystem::path>& dirs) {
  std::vector<std::string> tops = {"/proc", "/dev", "/sys", "/run", "/tmp"};
  for (const auto& d : dirs) {
    const auto abs = std::filesystem::absolute(d);
    auto it = abs.begin();
    if (++it == abs.end()) continue;
    const std::string top = "/" + it->string();
    if (std::find(tops.begin(), tops.end(), top) == tops.end()) tops.push_back(top);
  }
  return tops;
}

// Source → target inside `root` for each existing top (targets made).
Binds bindsOf(const std::filesystem::path& root, const std::vector<std::string>& tops) {
  Binds out;
  for (const auto& top : tops) {
    std::error_code ec;
    if (!std::filesystem::is_directory(top, ec)) continue;
    const auto target = root / top.substr(1);
    if (!std::filesystem::is_directory(target, ec)) std::filesystem::create_directories(target);
    out.emplace_back(top, target.string());
  }
  return out;
}

Cache& cache() {
  static Cache* c = new Cache;  // never destroyed: children may still setns() at exit
  return *c;
}

// In the child: only system calls until _exit.
[[noreturn]] void makeNamespace(const Binds& binds, int ready, int hold, int parentsReady, int parentsHold) {
  // The parent's ends, inherited by fork: the hold pipe only reaches EOF
  // once every write end is closed, this copy included.
  ::close(parentsReady);
  ::close(parentsHold);
  char ok = 1;
  if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) ok = 0;
  for (const auto& [source, target] : binds)
    if (ok && ::mount(source.c_str(), target.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0) ok = 0;
  if (::write(ready, &ok, 1) != 1) _exit(1);
  char byte;
  while (::read(hold, &byte, 1) < 0 && errno == EINTR) {
  }
  _exit(0);
}

Fd create(const Binds& binds) {
  int ready[2], hold[2];
  if (::pipe2(ready, O_CLOEXEC) != 0) throwErrno("pipe2");
  Fd readyR(ready[0]), readyW(ready[1]);
  if (::pipe2(hold, O_CLOEXEC) != 0) throwErrno("pipe2");
  Fd holdR(hold[0]), holdW(hold[1]);
  pid_t pid;
  {
    std::lock_guard oneForkAtATime(forkMutex());
    pid = ::fork();
  }
  if (pid < 0) throwErrno("fork");
  if (pid == 0) makeNamespace(binds, readyW.get(), holdR.get(), readyR.get(), holdW.get());
  readyW.reset();
  holdR.reset();
  char ok = 0;
  const bool answered = ::read(readyR.get(), &ok, 1) == 1;
  Fd ns;
  if (answered && ok) ns = Fd(::open(("/proc/" + std::to_string(pid) + "/ns/mnt").c_str(), O_RDONLY | O_CLOEXEC));
  holdW.reset();  // the child may go: the descriptor keeps the namespace
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!answered || !ok) throw Error("cannot make the release root's mount namespace (unshare or bind mount failed)");
  if (!ns) throwErrno("open the release root's mount namespace");
  return ns;
}

}  // namespace

int releaseRootMountNs(const std::filesystem::path& root, const std::vector<std::filesystem::path>& dirs) {
  Cache& c = cache();
  std::lock_guard lock(c.mutex);
  auto key = std::make_pair(root.string(), topsOf(dirs));
  if (auto it = c.namespaces.find(key); it != c.namespaces.end()) return it->second.get();
  Fd ns = create(bindsOf(root, key.second));
  return c.namespaces.emplace(std::move(key), std::move(ns)).first->second.get();
}

}  // namespace lab::sys

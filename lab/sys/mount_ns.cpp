#include "lab/sys/mount_ns.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

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
  std::map<std::pair<std::string, Binds>, Fd> namespaces;
};

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

bool stillThere(const Binds& binds) {
  std::error_code ec;
  for (const auto& [source, target] : binds)
    if (!std::filesystem::exists(source, ec)) return false;
  return true;
}

}  // namespace

int releaseRootMountNs(const std::string& root, const Binds& binds) {
  Cache& c = cache();
  std::lock_guard lock(c.mutex);
  auto key = std::make_pair(root, binds);
  if (auto it = c.namespaces.find(key); it != c.namespaces.end()) return it->second.get();
  for (auto it = c.namespaces.begin(); it != c.namespaces.end();)
    it = stillThere(it->first.second) ? std::next(it) : c.namespaces.erase(it);
  return c.namespaces.emplace(std::move(key), create(binds)).first->second.get();
}

}  // namespace lab::sys

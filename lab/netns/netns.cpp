#include "lab/netns/netns.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <net/if.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "lab/sys/error.h"

namespace lab::netns {
namespace {

// Like iproute2: /run/netns is a shared mount so that namespace files bound
// under it propagate into mount namespaces made later.
void prepareNetnsDir() {
  std::filesystem::create_directories(kNetnsDir);
  if (::mount("", kNetnsDir, "none", MS_SHARED | MS_REC, nullptr) == 0) return;
  if (errno != EINVAL) sys::throwErrno("mount --make-shared /run/netns");
  if (::mount(kNetnsDir, kNetnsDir, "none", MS_BIND | MS_REC, nullptr) != 0)
    sys::throwErrno("mount --bind /run/netns");
  if (::mount("", kNetnsDir, "none", MS_SHARED | MS_REC, nullptr) != 0)
    sys::throwErrno("mount --make-shared /run/netns");
}

void bringUpLoopback() {
  sys::Fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!s) sys::throwErrno("socket");
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  if (::ioctl(s.get(), SIOCGIFFLAGS, &ifr) != 0) sys::throwErrno("SIOCGIFFLAGS lo");
  ifr.ifr_flags |= IFF_UP;
  if (::ioctl(s.get(), SIOCSIFFLAGS, &ifr) != 0) sys::throwErrno("SIOCSIFFLAGS lo");
}

}  // namespace

NetNs NetNs::create(const std::string& name) {
  prepareNetnsDir();
  auto path = std::filesystem::path(kNetnsDir) / name;
  sys::Fd f(::open(path.c_str(), O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0));
  if (!f) sys::throwErrno("create " + path.string());
  f.reset();
  // A fresh thread unshares, so the caller's thread keeps its namespace.
  std::exception_ptr err;
  std::thread t([&] {
    try {
      if (::unshare(CLONE_NEWNET) != 0) sys::throwErrno("unshare(CLONE_NEWNET)");
      if (::mount("/proc/thread-self/ns/net", path.c_str(), "none", MS_BIND, nullptr) != 0)
        sys::throwErrno("bind-mount " + path.string());
      bringUpLoopback();
    } catch (...) {
      err = std::current_exception();
    }
  });
  t.join();
  if (err) {
    remove(name);
    std::rethrow_exception(err);
  }
  return open(name);
}

NetNs NetNs::open(const std::string& name) {
  auto path = std::filesystem::path(kNetnsDir) / name;
  sys::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) sys::throwErrno("open netns " + path.string());
  return NetNs(name, std::move(fd));
}

NetNs NetNs::current() {
  sys::Fd fd(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
  if (!fd) sys::throwErrno("open /proc/thread-self/ns/net");
  return NetNs("", std::move(fd));
}

void NetNs::remove(const std::string& name) noexcept {
  auto path = std::filesystem::path(kNetnsDir) / name;
  ::umount2(path.c_str(), MNT_DETACH);
  ::unlink(path.c_str());
}

bool NetNs::exists(const std::string& name) {
  std::error_code ec;
  return std::filesystem::exists(std::filesystem::path(kNetnsDir) / name, ec);
}

ScopedNetns::ScopedNetns(const NetNs& ns)
    : saved_(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)) {
  if (!saved_) sys::throwErrno("open /proc/thread-self/ns/net");
  if (::setns(ns.fd(), CLONE_NEWNET) != 0) sys::throwErrno("setns " + ns.name());
}

ScopedNetns::~ScopedNetns() { ::setns(saved_.get(), CLONE_NEWNET); }

}  // namespace lab::netns

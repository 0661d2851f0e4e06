// Preloaded into the UML kernel process (LD_PRELOAD; never linked into
// labrun). Debian's UML kernels (6.1, 6.12) save and restore a guest task's
// FPU state with PTRACE_GETREGSET/SETREGSET(NT_X86_XSTATE) on a fixed
// 832-byte buffer (x87/SSE, the XSAVE header, AVX). The host kernel accepts
// a SETREGSET only of its whole user XSAVE size, which on a CPU with AVX-512
// or AMX is larger (2.7 KB, 11 KB), and refuses the short one with EFAULT:
// the guest dies at its first system call ("userspace - ptrace set fp regs
// failed, errno = 14"). Seen on a 6.18 host with AVX-512 and AMX.
//
// The shim keeps the whole XSAVE image per guest task: UML passes each
// task's own FPU buffer, so its address names the task. A GETREGSET reads
// the whole image and hands UML the part it asked for; a SETREGSET lays
// UML's part over the task's last whole image and writes all of it. Each
// task thus gets back exactly the state it left, AVX-512 registers included.
// Nothing here exists in a Debian library; it is this small because it only
// widens the two calls UML makes.
#include <dlfcn.h>
#include <elf.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace {

constexpr std::size_t kLegacyEnd = 512;  // x87 + SSE (FXSAVE layout)
constexpr std::size_t kHeaderEnd = 576;  // XSAVE header: XSTATE_BV, XCOMP_BV
constexpr std::size_t kAvxEnd = 832;     // component 2 (YMM high halves) at 576
constexpr std::size_t kMaxImage = 64 * 1024;

struct Image {
  pid_t pid = 0;
  std::vector<unsigned char> bytes;
};

std::mutex mu;
std::unordered_map<const void*, Image>& images() {
  static auto* m = new std::unordered_map<const void*, Image>;  // lives as long as the process
  return *m;
}

long rawPtrace(long req, pid_t pid, void* addr, void* data) { return ::syscall(SYS_ptrace, req, pid, addr, data); }

bool readWhole(Image& img, pid_t pid) {
  img.bytes.resize(kMaxImage);
  iovec iov{img.bytes.data(), img.bytes.size()};
  if (rawPtrace(PTRACE_GETREGSET, pid, reinterpret_cast<void*>(NT_X86_XSTATE), &iov) != 0) return false;
  img.bytes.resize(iov.iov_len);
  img.pid = pid;
  return true;
}

// The XSAVE components wholly inside a buffer of `len` bytes.
std::uint64_t componentsWithin(std::size_t len) {
  if (len >= kAvxEnd) return 0x7;
  if (len >= kHeaderEnd) return 0x3;
  return 0;
}

long getState(pid_t pid, iovec* iov) {
  std::lock_guard lock(mu);
  Image& img = images()[iov->iov_base];
  if (!readWhole(img, pid)) return -1;
  const std::size_t n = std::min(iov->iov_len, img.bytes.size());
  std::memcpy(iov->iov_base, img.bytes.data(), n);
  iov->iov_len = n;
  return 0;
}

long setState(pid_t pid, iovec* iov) {
  std::lock_guard lock(mu);
  Image& img = images()[iov->iov_base];
  // A task not seen yet (a new one), or one whose host process changed
  // (exec): start from what that process holds now.
  if ((img.pid != pid || img.bytes.empty()) && !readWhole(img, pid)) return -1;
  if (iov->iov_len >= img.bytes.size() || iov->iov_len < kHeaderEnd)
    return rawPtrace(PTRACE_SETREGSET, pid, reinterpret_cast<void*>(NT_X86_XSTATE), iov);
  const auto* given = static_cast<const unsigned char*>(iov->iov_base);
  std::uint64_t givenBv, wholeBv;
  std::memcpy(&givenBv, given + kLegacyEnd, sizeof givenBv);
  std::memcpy(&wholeBv, img.bytes.data() + kLegacyEnd, sizeof wholeBv);
  std::memcpy(img.bytes.data(), given, iov->iov_len);
  const std::uint64_t mask = componentsWithin(iov->iov_len);
  const std::uint64_t bv = (wholeBv & ~mask) | (givenBv & mask);
  std::memcpy(img.bytes.data() + kLegacyEnd, &bv, sizeof bv);
  const std::uint64_t standardFormat = 0;  // XCOMP_BV
  std::memcpy(img.bytes.data() + kLegacyEnd + 8, &standardFormat, sizeof standardFormat);
  iovec whole{img.bytes.data(), img.bytes.size()};
  return rawPtrace(PTRACE_SETREGSET, pid, reinterpret_cast<void*>(NT_X86_XSTATE), &whole);
}

}  // namespace

// glibc's ptrace is variadic; so is this one.
extern "C" long ptrace(enum __ptrace_request req, ...) {
  va_list ap;
  va_start(ap, req);
  const pid_t pid = va_arg(ap, pid_t);
  void* addr = va_arg(ap, void*);
  void* data = va_arg(ap, void*);
  va_end(ap);
  if (reinterpret_cast<std::uintptr_t>(addr) == NT_X86_XSTATE && data != nullptr) {
    if (req == PTRACE_GETREGSET) return getState(pid, static_cast<iovec*>(data));
    if (req == PTRACE_SETREGSET) return setState(pid, static_cast<iovec*>(data));
  }
  using Next = long (*)(enum __ptrace_request, pid_t, void*, void*);
  static const Next next = reinterpret_cast<Next>(::dlsym(RTLD_NEXT, "ptrace"));
  return next(req, pid, addr, data);
}

// The UML kernel's ptrace shim (lab/kernel/uml/xstate_shim), on a real
// stopped child: UML's 832-byte XSAVE calls succeed on any CPU, a task's
// own registers go where it wrote them, and what lies beyond UML's part of
// the image comes back per task. No privileges: one traces one's own child.
#include <dlfcn.h>
#include <elf.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <vector>

#include "lab/kernel/uml/xstate_shim_blob.h"

namespace {

constexpr std::size_t kUmlImage = lab::kernel::uml::kUmlXsaveBytes;
constexpr std::size_t kXmm0 = 160;      // XMM0 in the FXSAVE layout

using PtraceFn = long (*)(enum __ptrace_request, ...);

class XstateShim : public ::testing::Test {
 protected:
  void SetUp() override {
    lib_ = ::dlopen(LABRUN_XSTATE_SHIM, RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(lib_, nullptr) << ::dlerror();
    shim_ = reinterpret_cast<PtraceFn>(::dlsym(lib_, "ptrace"));
    ASSERT_NE(shim_, nullptr);
    child_ = ::fork();
    ASSERT_GE(child_, 0);
    if (child_ == 0) {
      ::ptrace(PTRACE_TRACEME, 0, nullptr, nullptr);
      ::raise(SIGSTOP);
      ::_exit(0);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child_, &status, 0), child_);
    ASSERT_TRUE(WIFSTOPPED(status));
  }
  void TearDown() override {
    if (child_ > 0) {
      ::kill(child_, SIGKILL);
      ::waitpid(child_, nullptr, 0);
    }
    if (lib_) ::dlclose(lib_);
  }
  // The whole image, read past the shim.
  std::vector<unsigned char> whole() {
    std::vector<unsigned char> b(64 * 1024);
    iovec iov{b.data(), b.size()};
    EXPECT_EQ(::syscall(SYS_ptrace, PTRACE_GETREGSET, child_, NT_X86_XSTATE, &iov), 0) << std::strerror(errno);
    b.resize(iov.iov_len);
    return b;
  }
  long viaShim(__ptrace_request req, void* buf, std::size_t len) {
    iovec iov{buf, len};
    return shim_(req, child_, reinterpret_cast<void*>(NT_X86_XSTATE), &iov);
  }

  void* lib_ = nullptr;
  PtraceFn shim_ = nullptr;
  pid_t child_ = -1;
};

TEST_F(XstateShim, UmlsShortImageIsReadAndWrittenOnAnyCpu) {
  const auto before = whole();
  ASSERT_GE(before.size(), 576u) << "this CPU has no XSAVE";
  alignas(64) std::array<unsigned char, kUmlImage> task{};
  ASSERT_EQ(viaShim(PTRACE_GETREGSET, task.data(), task.size()), 0) << std::strerror(errno);
  // The task changes XMM0 and is switched back in.
  const unsigned char pattern[16] = {0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  std::memcpy(task.data() + kXmm0, pattern, sizeof pattern);
  ASSERT_EQ(viaShim(PTRACE_SETREGSET, task.data(), task.size()), 0) << std::strerror(errno);
  const auto after = whole();
  ASSERT_EQ(after.size(), before.size());
  EXPECT_EQ(std::memcmp(after.data() + kXmm0, pattern, sizeof pattern), 0);
  // Beyond UML's part, the image is the one the task left.
  EXPECT_EQ(std::memcmp(after.data() + kUmlImage, before.data() + kUmlImage, after.size() - kUmlImage), 0);
}

TEST_F(XstateShim, WithoutItTheHostRefusesTheShortImageWhereItsOwnIsLarger) {
  const auto image = whole();
  alignas(64) std::array<unsigned char, kUmlImage> task{};
  std::memcpy(task.data(), image.data(), kUmlImage);
  iovec iov{task.data(), task.size()};
  const long raw = ::syscall(SYS_ptrace, PTRACE_SETREGSET, child_, NT_X86_XSTATE, &iov);
  // The failure UML reports as "ptrace set fp regs failed, errno = 14",
  // exactly where this CPU's image is larger than UML's.
  if (image.size() > kUmlImage) {
    EXPECT_EQ(raw, -1);
    EXPECT_EQ(errno, EFAULT);
  } else {
    EXPECT_EQ(raw, 0);
  }
  EXPECT_EQ(viaShim(PTRACE_SETREGSET, task.data(), task.size()), 0) << std::strerror(errno);
}

}  // namespace

#include "lab/kernel/uml/xstate_shim_blob.h"

#include <cpuid.h>
#include <fcntl.h>
#include <unistd.h>

#include "lab/sys/error.h"
#include "lab/sys/fd.h"

// The built shim (lab/CMakeLists.txt names the file and makes this object
// depend on it), as bytes in labrun's read-only data.
asm(".section .rodata\n"
    ".balign 64\n"
    ".globl labrun_xstate_shim_begin\n"
    "labrun_xstate_shim_begin:\n"
    ".incbin \"" LABRUN_XSTATE_SHIM_SO "\"\n"
    ".globl labrun_xstate_shim_end\n"
    "labrun_xstate_shim_end:\n"
    ".previous\n");
extern "C" const unsigned char labrun_xstate_shim_begin[];
extern "C" const unsigned char labrun_xstate_shim_end[];

namespace lab::kernel::uml {
namespace fs = std::filesystem;

unsigned hostXsaveBytes() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  return __get_cpuid_count(0xd, 0, &eax, &ebx, &ecx, &edx) ? ebx : 0;
}

fs::path writeXstateShim(const fs::path& dir) {
  const fs::path path = dir / "xstate-shim.so";
  if (fs::exists(path)) return path;
  const fs::path tmp = dir / ("xstate-shim.so." + std::to_string(::getpid()));
  sys::Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755));
  if (!fd) sys::throwErrno("create " + tmp.string());
  const unsigned char* p = labrun_xstate_shim_begin;
  while (p < labrun_xstate_shim_end) {
    const ssize_t n = ::write(fd.get(), p, static_cast<std::size_t>(labrun_xstate_shim_end - p));
    if (n < 0) sys::throwErrno("write " + tmp.string());
    p += n;
  }
  fd.reset();
  fs::rename(tmp, path);
  return path;
}

}  // namespace lab::kernel::uml

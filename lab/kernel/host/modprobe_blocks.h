#pragma once
// What stops this kernel from loading a module on demand although it has
// it: modprobe.d lines such as `install esp4 /bin/false` (modprobe runs
// that instead) or `blacklist esp4` (its aliases, how the kernel asks for
// it, are ignored), and modprobe.blacklist= on the kernel command line.
// Read the way modprobe reads its configuration: *.conf files of each
// directory, a name in an earlier directory hiding the same name later.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lab::kernel::host {

struct ModuleBlock {
  std::string module;          // as asked ("esp4")
  std::filesystem::path file;  // the .conf file, or /proc/cmdline
  int line = 0;                // 1-based; 0 for the kernel command line
  std::string directive;       // the line as written ("install esp4 /bin/false")
  std::string where() const { return line > 0 ? file.string() + ":" + std::to_string(line) : file.string(); }
};

// modprobe's directories, in its order of precedence.
std::vector<std::filesystem::path> modprobeDirs();

// The first line that blocks `module` (names compare with - and _ alike).
// `cmdline`: a /proc/cmdline to read modprobe.blacklist= from ("" : none).
std::optional<ModuleBlock> findModuleBlock(const std::string& module,
                                           const std::vector<std::filesystem::path>& dirs = modprobeDirs(),
                                           const std::filesystem::path& cmdline = "/proc/cmdline");

}  // namespace lab::kernel::host

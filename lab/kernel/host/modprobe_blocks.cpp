#include "lab/kernel/host/modprobe_blocks.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

namespace lab::kernel::host {
namespace fs = std::filesystem;
namespace {

std::string normal(std::string m) {
  std::replace(m.begin(), m.end(), '-', '_');
  return m;
}

// modprobe runs an install command instead of loading the module; one that
// never calls modprobe (/bin/false, /bin/true) means the module never loads.
bool installBlocks(const std::string& command) { return command.find("modprobe") == std::string::npos; }

std::optional<ModuleBlock> scanFile(const fs::path& file, const std::string& module) {
  std::ifstream f(file);
  std::string line, logical;
  int no = 0, start = 0;
  while (std::getline(f, line)) {
    ++no;
    if (logical.empty()) start = no;
    if (!line.empty() && line.back() == '\\') {  // continued on the next line
      logical += line.substr(0, line.size() - 1) + " ";
      continue;
    }
    logical += line;
    std::string text = logical.substr(0, logical.find('#'));
    logical.clear();
    std::istringstream in(text);
    std::string verb, name;
    if (!(in >> verb >> name) || normal(name) != normal(module)) continue;
    std::string rest;
    std::getline(in, rest);
    rest.erase(0, rest.find_first_not_of(" \t"));
    const bool blocks = verb == "blacklist" || (verb == "install" && installBlocks(rest));
    if (!blocks) continue;
    std::string directive = text.substr(text.find_first_not_of(" \t"));
    directive.erase(directive.find_last_not_of(" \t") + 1);
    return ModuleBlock{module, file, start, directive};
  }
  return std::nullopt;
}

std::optional<ModuleBlock> scanCmdline(const fs::path& cmdline, const std::string& module) {
  std::ifstream f(cmdline);
  const std::string key = "modprobe.blacklist=";
  for (std::string word; f >> word;) {
    if (word.rfind(key, 0) != 0) continue;
    std::istringstream list(word.substr(key.size()));
    for (std::string m; std::getline(list, m, ',');)
      if (normal(m) == normal(module)) return ModuleBlock{module, cmdline, 0, word};
  }
  return std::nullopt;
}

}  // namespace

std::vector<fs::path> modprobeDirs() {
  return {"/etc/modprobe.d", "/run/modprobe.d", "/usr/local/lib/modprobe.d", "/lib/modprobe.d",
          "/usr/lib/modprobe.d"};
}

std::optional<ModuleBlock> findModuleBlock(const std::string& module, const std::vector<fs::path>& dirs,
                                           const fs::path& cmdline) {
  // File name → the file modprobe reads under it (earliest directory wins);
  // files are read in name order.
  std::map<std::string, fs::path> files;
  for (const auto& d : dirs) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(d, ec)) {
      const std::string name = e.path().filename().string();
      if (e.path().extension() == ".conf" && !files.count(name)) files[name] = e.path();
    }
  }
  for (const auto& [name, file] : files)
    if (auto b = scanFile(file, module)) return b;
  if (!cmdline.empty()) return scanCmdline(cmdline, module);
  return std::nullopt;
}

}  // namespace lab::kernel::host

#include "lab/kernel/kept.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "lab/sys/error.h"

namespace lab::kernel {
namespace fs = std::filesystem;
namespace {

constexpr const char* kFile = "kept-lab";

}  // namespace

std::string KeptLab::netnsOf(const std::string& node) const {
  for (const auto& [n, ns] : nodes)
    if (n == node) return ns;
  return "";
}

std::string KeptLab::nodeList() const {
  std::string out;
  for (const auto& [n, ns] : nodes) out += (out.empty() ? "" : ", ") + n;
  return out;
}

void writeKeptLab(const KeptLab& k) {
  const fs::path tmp = k.runDir / (std::string(kFile) + ".tmp");
  {
    std::ofstream f(tmp, std::ios::trunc);
    f << k.backend << '\n';
    for (const auto& [n, ns] : k.nodes) f << n << ' ' << ns << '\n';
    if (!f) throw sys::Error("cannot write " + tmp.string());
  }
  fs::rename(tmp, k.runDir / kFile);
}

std::optional<KeptLab> readKeptLab(const fs::path& runDir) {
  std::ifstream f(runDir / kFile);
  KeptLab k;
  if (!f || !std::getline(f, k.backend) || k.backend.empty()) return std::nullopt;
  k.lab = runDir.filename().string();
  k.runDir = runDir;
  for (std::string line; std::getline(f, line);) {
    std::istringstream in(line);
    std::string node, ns;
    if (in >> node >> ns) k.nodes.emplace_back(node, ns);
  }
  std::error_code ec;
  const auto t = fs::last_write_time(runDir / kFile, ec);
  if (!ec)
    k.since = std::chrono::time_point_cast<std::chrono::system_clock::duration>(
        t - fs::file_time_type::clock::now() + std::chrono::system_clock::now());
  return k;
}

std::vector<KeptLab> keptLabs(const fs::path& runBase) {
  std::vector<KeptLab> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(runBase, ec))
    if (e.is_directory(ec))
      if (auto k = readKeptLab(e.path())) out.push_back(std::move(*k));
  std::sort(out.begin(), out.end(), [](const KeptLab& a, const KeptLab& b) { return a.lab < b.lab; });
  return out;
}

}  // namespace lab::kernel

#pragma once
// One short run directory per lab run: <base>/<lab>, base 0700.
//   base = $LABRUN_RUN_BASE, else /tmp/labrun-<uid>
// (not under /run: a UML guest mounts its own /run, and sees the host's /tmp).
// Holds the owner's pid, rendered configs, secrets (0600), logs, artifacts.
// Unix socket paths must stay under 108 bytes: keep lab names short.
#include <filesystem>
#include <string>
#include <vector>

namespace lab::core {

std::filesystem::path runBase();

// A run directory found on disk (for `labrun clean` and stale-run checks).
struct RunDirInfo {
  std::string lab;
  std::filesystem::path dir;
  int pid = 0;         // owner pid recorded at creation, 0 if unknown
  bool alive = false;  // that pid still runs labrun
  bool kept = false;   // left on purpose by --keep
};

class RunDir {
 public:
  // Creates <base>/<lab>. Throws sys::Error if a live run owns it.
  static RunDir create(const std::string& lab);
  // An existing directory made by the host labrun (inside a UML guest).
  static RunDir adopt(const std::filesystem::path& dir);

  RunDir(RunDir&&) noexcept;
  RunDir& operator=(RunDir&&) = delete;
  ~RunDir();  // removes the directory unless kept or released

  const std::filesystem::path& path() const { return dir_; }
  // Leave it on disk (--keep, or when a guest owns it); marks it kept.
  void keep();
  // Leave it on disk without marking (guest side: the host removes it).
  void release() { owned_ = false; }
  void remove() noexcept;

 private:
  RunDir(std::filesystem::path dir, bool owned) : dir_(std::move(dir)), owned_(owned) {}
  std::filesystem::path dir_;
  bool owned_ = false;
};

std::vector<RunDirInfo> listRunDirs();
// Writes `text` to `file` created with mode 0600 (secrets).
void writeSecret(const std::filesystem::path& file, const std::string& text);

}  // namespace lab::core

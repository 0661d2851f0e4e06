#include "lab/core/run_dir.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>

#include "lab/sys/error.h"
#include "lab/sys/fd.h"

namespace lab::core {
namespace fs = std::filesystem;
namespace {

constexpr const char* kPidFile = "owner.pid";
constexpr const char* kKeptFile = "kept";

bool labrunAlive(int pid) {
  if (pid <= 0 || (::kill(pid, 0) != 0 && errno == ESRCH)) return false;
  std::ifstream f("/proc/" + std::to_string(pid) + "/comm");
  std::string comm;
  std::getline(f, comm);
  return comm == "labrun";
}

int readPid(const fs::path& dir) {
  std::ifstream f(dir / kPidFile);
  int pid = 0;
  f >> pid;
  return pid;
}

}  // namespace

fs::path runBase() {
  if (const char* b = std::getenv("LABRUN_RUN_BASE"); b && *b) return b;
  return fs::path("/tmp") / ("labrun-" + std::to_string(::getuid()));
}

RunDir RunDir::create(const std::string& lab) {
  const fs::path base = runBase();
  if (::mkdir(base.c_str(), 0700) != 0 && errno != EEXIST) sys::throwErrno("mkdir " + base.string());
  struct stat st {};
  if (::lstat(base.c_str(), &st) != 0) sys::throwErrno("stat " + base.string());
  if (!S_ISDIR(st.st_mode) || st.st_uid != ::getuid())
    throw sys::Error(base.string() + " is not a directory owned by you; set LABRUN_RUN_BASE");
  const fs::path dir = base / lab;
  if (fs::exists(dir)) {
    int pid = readPid(dir);
    if (labrunAlive(pid))
      throw sys::EnvironmentError("lab '" + lab + "' is in use by labrun pid " + std::to_string(pid),
                                  "wait for it, or pick another lab name with --lab");
    throw sys::EnvironmentError("lab '" + lab + "' was left behind by an earlier run (" +
                                    dir.string() + ")",
                                "run `labrun clean` first");
  }
  if (::mkdir(dir.c_str(), 0700) != 0) sys::throwErrno("mkdir " + dir.string());
  std::ofstream(dir / kPidFile) << ::getpid() << '\n';
  return RunDir(dir, true);
}

RunDir RunDir::adopt(const fs::path& dir) {
  if (!fs::is_directory(dir)) throw sys::Error("run directory " + dir.string() + " does not exist");
  return RunDir(dir, false);
}

RunDir::RunDir(RunDir&& o) noexcept : dir_(std::move(o.dir_)), owned_(o.owned_) { o.owned_ = false; }

RunDir::~RunDir() { remove(); }

void RunDir::keep() {
  std::ofstream(dir_ / kKeptFile) << "kept\n";
  owned_ = false;
}

void RunDir::remove() noexcept {
  if (!owned_) return;
  std::error_code ec;
  fs::remove_all(dir_, ec);
  owned_ = false;
}

std::vector<RunDirInfo> listRunDirs() {
  std::vector<RunDirInfo> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(runBase(), ec)) {
    if (!e.is_directory()) continue;
    RunDirInfo i;
    i.lab = e.path().filename().string();
    i.dir = e.path();
    i.pid = readPid(e.path());
    i.alive = labrunAlive(i.pid);
    i.kept = fs::exists(e.path() / kKeptFile);
    out.push_back(std::move(i));
  }
  return out;
}

void writeSecret(const fs::path& file, const std::string& text) {
  sys::Fd fd(::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (!fd) sys::throwErrno("create " + file.string());
  if (::fchmod(fd.get(), 0600) != 0) sys::throwErrno("chmod " + file.string());
  size_t off = 0;
  while (off < text.size()) {
    ssize_t n = ::write(fd.get(), text.data() + off, text.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      sys::throwErrno("write " + file.string());
    }
    off += static_cast<size_t>(n);
  }
}

}  // namespace lab::core

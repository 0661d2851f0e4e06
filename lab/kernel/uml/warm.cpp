#include "lab/kernel/uml/warm.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "lab/core/run_dir.h"
#include "lab/kernel/uml/spool.h"
#include "lab/sys/error.h"
#include "lab/sys/fd.h"
#include "lab/sys/interrupt.h"

namespace lab::kernel::uml {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
namespace {

constexpr const char* kStateFile = "warm-state";  // not state/: the guest's own tmpfs

// A directory of this user's only: no symlink, owner us, mode 0700.
bool ownPrivateDir(const fs::path& p) {
  struct stat st {};
  return ::lstat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == ::getuid() &&
         (st.st_mode & 0077) == 0;
}

bool serving(const fs::path& dir) {
  return fs::exists(spoolDir(dir) / kReadyFile) && !guestPids(dir / "uml").empty();
}

// Splits what a job writes into lines: progress (the marker) to the caller,
// the rest to the run's console.log, as a booted guest's console would.
class LineFollow {
 public:
  LineFollow(fs::path file, std::function<void(const std::string&)> onLine)
      : file_(std::move(file)), onLine_(std::move(onLine)) {}
  void pump() {
    if (!fd_) fd_ = sys::Fd(::open(file_.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd_) return;
    char buf[8192];
    for (ssize_t n; (n = ::read(fd_.get(), buf, sizeof buf)) > 0;) {
      buf_.append(buf, static_cast<size_t>(n));
      for (size_t nl; (nl = buf_.find('\n')) != std::string::npos; buf_.erase(0, nl + 1)) onLine_(buf_.substr(0, nl));
    }
  }
  void finish() {
    pump();
    if (!buf_.empty()) onLine_(buf_);
    buf_.clear();
  }

 private:
  fs::path file_;
  std::function<void(const std::string&)> onLine_;
  sys::Fd fd_;
  std::string buf_;
};

}  // namespace

fs::path warmDir() { return lab::core::runBase() / ".warm"; }

std::string agoText(std::chrono::system_clock::time_point t) {
  const auto s = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now() - t).count();
  if (s < 120) return std::to_string(s) + "s";
  if (s < 7200) return std::to_string(s / 60) + "m";
  return std::to_string(s / 3600) + "h";
}

std::optional<WarmGuest> warmGuest() {
  const fs::path dir = warmDir();
  if (!ownPrivateDir(lab::core::runBase()) || !ownPrivateDir(dir)) return std::nullopt;
  WarmGuest w;
  w.dir = dir;
  std::ifstream f(dir / kStateFile);
  std::string key;
  long long booted = 0;
  while (f >> key) {
    if (key == "kernel") f >> w.kernel;
    else if (key == "idle") f >> w.idleSeconds;
    else if (key == "booted") f >> booted;
    else if (key == "boot") f >> w.bootSeconds;
  }
  w.booted = std::chrono::system_clock::time_point(std::chrono::seconds(booted));
  w.alive = ownPrivateDir(spoolDir(dir)) && serving(dir);
  return w;
}

WarmGuest startWarm(const fs::path& self, int idleSeconds, const std::function<void(const std::string&)>& onProgress) {
  if (auto w = warmGuest(); w && w->alive)
    throw sys::EnvironmentError("a warm guest already runs (booted " + agoText(w->booted) + " ago, UML kernel " +
                                    w->kernel + ")",
                                "`labrun warm stop` first");
  stopWarm();  // what a halted or killed one left
  const fs::path base = lab::core::runBase(), dir = warmDir();
  if (::mkdir(base.c_str(), 0700) != 0 && errno != EEXIST) sys::throwErrno("mkdir " + base.string());
  if (!ownPrivateDir(base))
    throw sys::EnvironmentError(base.string() + " is not a 0700 directory of yours", "set LABRUN_RUN_BASE");
  if (::mkdir(dir.c_str(), 0700) != 0) sys::throwErrno("mkdir " + dir.string());
  const UmlInstall u = locateUml();
  UmlOptions o;
  o.runDir = dir;
  o.umid = "lr-warm";
  o.keep = true;  // the guest outlives this call; runGuest returns once it serves
  o.timeout = std::chrono::seconds(120);
  o.cpu = cpuForSlot(::getpid());
  o.guestArgv = {self.string(), "warm", "serve", "--dir", dir.string(), "--idle", std::to_string(idleSeconds)};
  o.onProgress = onProgress;
  const auto booted = std::chrono::system_clock::now();
  const UmlRun run = runGuest(o);
  if (!serving(dir)) {
    stopWarm();
    throw sys::Error("the warm guest did not come up (exit " + std::to_string(run.guestExit) + "); see " +
                     (dir / "console.out").string());
  }
  std::ostringstream state;
  state << "kernel " << u.name << "\nidle " << idleSeconds << "\nbooted "
        << std::chrono::duration_cast<std::chrono::seconds>(booted.time_since_epoch()).count() << "\nboot "
        << run.totalSeconds << "\n";
  writeWhole(dir, kStateFile, state.str());
  return *warmGuest();
}

bool stopWarm() {
  const fs::path dir = warmDir();
  if (!ownPrivateDir(dir)) return false;
  const bool killed = !killLeftoverGuests(dir / "uml").empty();
  std::error_code ec;
  fs::remove_all(dir, ec);
  return killed;
}

std::optional<UmlRun> runInWarmGuest(const UmlOptions& o, std::string* why) {
  const auto w = warmGuest();
  if (!w || !w->alive) return std::nullopt;
  const std::string wanted = locateUml().name;
  if (wanted != w->kernel) {
    *why = "the warm guest runs UML kernel " + w->kernel + ", this run wants " + wanted + ": booting";
    return std::nullopt;
  }
  if (o.onProgress)
    o.onProgress("    warm guest (booted " + agoText(w->booted) + " ago, UML kernel " + w->kernel + "), no boot");
  const fs::path ctl = spoolDir(w->dir);
  static unsigned counter = 0;
  const std::string id = "j" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  SpoolRequest r;
  r.kind = "job";
  r.netns = o.runDir.string();  // the job's run directory: its HOME
  r.argv = o.guestArgv;
  const auto start = Clock::now();
  writeWhole(ctl, id + ".req", encodeRequest(r));

  UmlRun run;
  bool sawProgress = false;
  std::ofstream console(o.runDir / "console.log", std::ios::app);
  auto onLine = [&](std::string line) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind(kConsoleMarker, 0) != 0) {
      console << line << '\n';
      return;
    }
    if (!sawProgress) {
      sawProgress = true;
      run.bootSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    }
    if (o.onProgress) o.onProgress(line.substr(std::string(kConsoleMarker).size()));
  };
  LineFollow out(ctl / (id + ".out"), onLine), err(ctl / (id + ".err"), onLine);
  std::optional<Clock::time_point> stopAsked;
  auto lastAliveCheck = Clock::now();
  for (;;) {
    out.pump();
    err.pump();
    if (fs::exists(ctl / (id + ".rc"))) break;
    if (!stopAsked && (sys::interrupted() || Clock::now() - start > o.timeout)) {
      if (!sys::interrupted()) sys::requestInterrupt(SIGALRM);
      stopAsked = Clock::now();
      writeWhole(ctl, id + ".stop", "stop\n");  // the job tears its lab down; the guest stays
      console << "labrun: warm job stopped (" << (sys::interruptSignal() == SIGALRM ? "timeout" : "interrupted")
              << ")\n";
    }
    if (stopAsked && Clock::now() - *stopAsked > std::chrono::seconds(40)) break;
    if (Clock::now() - lastAliveCheck > std::chrono::seconds(1)) {
      lastAliveCheck = Clock::now();
      if (guestPids(w->dir / "uml").empty()) {
        std::error_code ec;
        if (fs::remove(ctl / (id + ".req"), ec)) {  // halted (idle) before taking it: boot instead
          *why = "the warm guest halted before taking the job: booting";
          return std::nullopt;
        }
        throw sys::Error("the warm guest stopped during the job; see " + (w->dir / "console.out").string());
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  out.finish();
  err.finish();
  try {
    run.guestExit = std::stoi(readWhole(ctl / (id + ".rc")));
  } catch (const std::exception&) {
    run.guestExit = -1;
  }
  std::error_code ec;
  for (const char* ext : {".out", ".err", ".rc", ".stop"}) fs::remove(ctl / (id + ext), ec);
  run.totalSeconds = std::chrono::duration<double>(Clock::now() - start).count();
  sys::throwIfInterrupted("the warm guest's job");
  return run;
}

}  // namespace lab::kernel::uml

#include "lab/kernel/uml/uml_guest.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/process.hpp>
#include <boost/process/extend.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <fstream>
#include <sstream>

#include "lab/kernel/uml/spool.h"
#include "lab/kernel/uml/xstate_shim_blob.h"
#include "lab/sys/error.h"
#include "lab/sys/fd.h"
#include "lab/sys/interrupt.h"
#include "lab/sys/process.h"

namespace lab::kernel::uml {
namespace fs = std::filesystem;
namespace bp = boost::process;
using Clock = std::chrono::steady_clock;

namespace {

std::string shellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

void writeExecutable(const fs::path& p, const std::string& text) {
  {
    std::ofstream f(p, std::ios::trunc);
    f << text;
    if (!f) throw sys::Error("cannot write " + p.string());
  }
  fs::permissions(p, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                         fs::perms::others_read | fs::perms::others_exec);
}

// What the dataplane uses, loaded in one go at boot: links, ESP and the
// crypto behind every proposal libreswan and strongSwan offer by default.
const char* const kPreload =
    "veth bridge ip_gre esp4 xfrm_user xfrm4_tunnel ip_tables iptable_nat iptable_filter xt_nat xt_tcpudp "
    "gcm ghash-generic ecb ctr seqiv echainiv authenc authencesn hmac sha512_generic cbc ccm cmac "
    "xcbc des_generic chacha20poly1305 chacha_generic poly1305_generic drbg jitterentropy_rng";

// Module autoloading: the kernel runs /proc/sys/kernel/modprobe; ours calls
// modprobe with a module root whose lib/modules/<release> is the UML tree.
// Crypto lookups are answered "no" at once: every crypto module is preloaded,
// and the kernel asks for each algorithm name and template ("crypto-gcm(aes)",
// "...-all") before instantiating it, each a ~130 ms modprobe under UML:
// 3.5 s for one ESP state instead of 0.1 s. Once the preload is done, init
// empties /proc/sys/kernel/modprobe, so the kernel does not exec even this
// wrapper: the 19 requests of nat-c's first ESP state (all crypto-*, cryptomgr
// built in) cost 1-2 s of execs under UML. A whole matrix run asked for
// nothing else but netdev-ipsec1 (pluto's look for an XFRMi device).
fs::path prepareModprobe(const fs::path& runDir, const UmlInstall& u) {
  fs::path root = runDir / "mods";
  fs::create_directories(root / "lib/modules");
  fs::path link = root / "lib/modules" / u.release;
  std::error_code ec;
  fs::remove(link, ec);
  fs::create_directory_symlink(u.modules, link);
  // The host's modprobe.d is not the guest's: an `install esp4 /bin/false`
  // there (as some distributions ship) must not stop the guest's esp4.
  fs::create_directories(root / "modprobe.d");
  fs::path wrapper = runDir / "modprobe";
  writeExecutable(wrapper, "#!/bin/sh\n"
                           "case \"$*\" in *crypto-*) exit 1 ;; esac\n"
                           "exec /sbin/modprobe -C " + shellQuote((root / "modprobe.d").string()) + " -d " +
                               shellQuote(root.string()) + " \"$@\"\n");
  return wrapper;
}

fs::path prepareInit(const UmlOptions& o, const fs::path& modprobe) {
  std::ostringstream cmd;
  for (const auto& a : o.guestArgv) cmd << shellQuote(a) << ' ';
  fs::path init = o.runDir / "init";
  // /run is the guest's own tmpfs so its /run/netns never touches the host;
  // /tmp stays the host's (the run directory lives there).
  writeExecutable(init,
                  "#!/bin/sh\n"
                  "PATH=/usr/sbin:/usr/bin:/sbin:/bin\n"
                  "HOME=" + shellQuote(o.runDir.string()) + "\n"
                  "export PATH HOME\n"
                  "export LABRUN_IN_GUEST=1\n"
                  "mount -t proc proc /proc\n"
                  "mount -t sysfs sysfs /sys\n"
                  "mount -t tmpfs -o mode=0755 tmpfs /run\n"
                  "mount -t devtmpfs devtmpfs /dev 2>/dev/null\n"
                  + (o.runnerLike ? std::string()
                                  : "echo " + shellQuote(modprobe.string()) + " > /proc/sys/kernel/modprobe\n"
                                    "(/sbin/modprobe -q -C " + shellQuote((o.runDir / "mods/modprobe.d").string()) +
                                        " -d " + shellQuote((o.runDir / "mods").string()) + " -a " + kPreload +
                                        "; echo > /proc/sys/kernel/modprobe) &\n") +
                  // Daemon state (sockets, NSS, keys) on a local filesystem.
                  "mkdir -p " + shellQuote((o.runDir / "state").string()) + "\n"
                  "mount -t tmpfs -o mode=0700 tmpfs " + shellQuote((o.runDir / "state").string()) + "\n" +
                      cmd.str() + "\n"
                  "echo $? > " + shellQuote(guestStatusFile(o.runDir).string()) + "\n"
                  "sync\n"
                  "echo o > /proc/sysrq-trigger\n"
                  "sleep 10\n");
  return init;
}

// Whether a process still runs (a zombie has died: it only waits to be
// reaped); its process group in *pgrp.
bool stillRunning(const std::string& pid, long* pgrp = nullptr) {
  std::ifstream f("/proc/" + pid + "/stat");
  std::string stat;
  std::getline(f, stat);
  auto close = stat.rfind(')');
  if (close == std::string::npos) return false;
  char state = 0;
  long ppid = 0, group = 0;
  if (std::sscanf(stat.c_str() + close + 1, " %c %ld %ld", &state, &ppid, &group) != 3) return false;
  if (pgrp) *pgrp = group;
  return state != 'Z' && state != 'X';
}

bool groupAlive(pid_t pgid) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc", ec)) {
    const std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    long pgrp = 0;
    if (stillRunning(name, &pgrp) && pgrp == pgid) return true;
  }
  return false;
}

// Every host process of a guest shares one CPU: SIGKILLed, they die one
// after another. Waits (bounded) until `anyLeft` says none runs any more.
template <class Pred>
void awaitDeaths(Pred anyLeft) {
  const auto until = Clock::now() + std::chrono::seconds(5);
  while (anyLeft() && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

void killGroup(bp::child& c) {
  const pid_t pgid = c.id();
  ::kill(-pgid, SIGKILL);
  ::kill(pgid, SIGKILL);
  std::error_code ec;
  c.wait(ec);
  awaitDeaths([pgid] {
    ::kill(-pgid, SIGKILL);  // and any the guest forked meanwhile
    return groupAlive(pgid);
  });
}

}  // namespace

fs::path guestStatusFile(const fs::path& runDir) { return runDir / "guest-status"; }

int cpuForSlot(int slot) {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) != 0) return -1;
  std::vector<int> allowed;
  for (int i = 0; i < CPU_SETSIZE; ++i)
    if (CPU_ISSET(i, &set)) allowed.push_back(i);
  if (allowed.empty()) return -1;
  return allowed[static_cast<std::size_t>(slot < 0 ? -slot : slot) % allowed.size()];
}

// Without the shim (xstate_shim/) Debian's UML kernels die at the guest's
// first system call on a CPU with AVX-512 or AMX.
std::string preloadXstateShim(const fs::path& runDir) {
  const char* before = std::getenv("LD_PRELOAD");
  return writeXstateShim(runDir).string() + (before && *before ? std::string(":") + before : "");
}

UmlRun runGuest(const UmlOptions& o) {
  const UmlInstall u = locateUml();
  const std::string preload = preloadXstateShim(o.runDir);
  fs::create_directories(o.runDir / "uml");
  fs::remove(guestStatusFile(o.runDir));
  const fs::path init = prepareInit(o, prepareModprobe(o.runDir, u));

  std::vector<std::string> args = {
      "mem=" + o.memory, "rootfstype=hostfs", "rootflags=/", "rw", "init=" + init.string(),
      "con=null", "con0=fd:0,fd:1", "umid=" + o.umid, "uml_dir=" + (o.runDir / "uml").string(),
      "quiet"};
  std::ofstream console(o.runDir / "console.log", std::ios::trunc);

  const auto start = Clock::now();
  // One fork at a time (sys::forkMutex), and the console pipe marked
  // close-on-exec before anyone else forks: a guest started by another
  // worker thread must not inherit this guest's console, or its EOF never
  // comes.
  std::unique_lock oneForkAtATime(sys::forkMutex());
  const int cpu = o.cpu;
  const bool keep = o.keep;
  auto setup = bp::extend::on_exec_setup = [cpu, keep](auto&) {
    // Own process group (a kept guest: own session): the terminal's Ctrl-C
    // reaches labrun only, and killing the group takes every UML host
    // process with it.
    if (keep) ::setsid();
    else ::setpgid(0, 0);
    if (cpu >= 0) {  // inherited by every process the guest starts
      cpu_set_t set;
      CPU_ZERO(&set);
      CPU_SET(cpu, &set);
      ::sched_setaffinity(0, sizeof set, &set);
    }
  };
  bp::pipe out;
  bp::child c;
  sys::Fd consoleFile;  // keep: the console is this file, read as it grows
  if (keep) {
    const std::string path = (o.runDir / "console.out").string();
    c = bp::child(u.kernel.string(), bp::args(args), bp::std_in < bp::null, (bp::std_out & bp::std_err) > path,
                  bp::env["LD_PRELOAD"] = preload, setup);
    consoleFile = sys::Fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!consoleFile) sys::throwErrno("open " + path);
  } else {
    // One fork at a time (sys::forkMutex), and the console pipe marked
    // close-on-exec before anyone else forks: a guest started by another
    // worker thread must not inherit this guest's console, or its EOF never
    // comes.
    ::fcntl(out.native_source(), F_SETFD, FD_CLOEXEC);
    ::fcntl(out.native_sink(), F_SETFD, FD_CLOEXEC);  // the child's stdout is a dup2 of it: not affected
    c = bp::child(u.kernel.string(), bp::args(args), bp::std_in < bp::null, (bp::std_out & bp::std_err) > out,
                  bp::env["LD_PRELOAD"] = preload, setup);
    ::close(out.native_sink());
    out.assign_sink(-1);
  }
  oneForkAtATime.unlock();

  UmlRun run;
  std::string buf;
  bool sawProgress = false;
  auto handleLine = [&](const std::string& line) {
    if (line.rfind(kConsoleMarker, 0) == 0) {
      if (!sawProgress) {
        sawProgress = true;
        run.bootSeconds = std::chrono::duration<double>(Clock::now() - start).count();
      }
      if (o.onProgress) o.onProgress(line.substr(std::string(kConsoleMarker).size()));
    } else {
      console << line << '\n';
    }
  };
  const int fd = keep ? consoleFile.get() : out.native_source();
  const fs::path ready = spoolDir(o.runDir) / kReadyFile;
  bool served = false;  // keep: the guest job holds its lab and serves
  for (;;) {
    if (sys::interrupted() || Clock::now() - start > o.timeout) {
      killGroup(c);
      console << "labrun: guest killed (" << (sys::interrupted() ? "interrupted" : "timeout")
              << ")\n";
      if (!sys::interrupted()) sys::requestInterrupt(SIGALRM);
      sys::throwIfInterrupted("the UML guest run");
    }
    char chunk[4096];
    ssize_t n = 0;
    if (keep) {  // a growing file: no EOF until the guest is gone
      n = ::read(fd, chunk, sizeof chunk);
      if (n <= 0) {
        if (served) break;  // drained after the ready file appeared
        std::error_code ec;
        served = fs::exists(ready);
        if (!served && !c.running(ec)) break;
        if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        continue;
      }
    } else {
      pollfd p{fd, POLLIN, 0};
      int r = ::poll(&p, 1, 100);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) continue;
      n = ::read(fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // EOF: the guest is gone
    }
    buf.append(chunk, static_cast<size_t>(n));
    for (size_t nl; (nl = buf.find('\n')) != std::string::npos;) {
      std::string line = buf.substr(0, nl);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      handleLine(line);
      buf.erase(0, nl + 1);
    }
  }
  if (!buf.empty()) handleLine(buf);
  if (served) {  // the guest goes on holding the lab: leave it running
    c.detach();
    run.totalSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    try {
      run.guestExit = std::stoi(readWhole(ready));
    } catch (const std::exception&) {
      run.guestExit = 255;
    }
    return run;
  }
  // EOF on the console pipe: the kernel has exited or is exiting; make sure
  // no UML host process outlives it.
  killGroup(c);
  run.totalSeconds = std::chrono::duration<double>(Clock::now() - start).count();

  std::ifstream st(guestStatusFile(o.runDir));
  if (!(st >> run.guestExit))
    throw sys::Error("the UML guest stopped without reporting a status; see " +
                     (o.runDir / "console.log").string());
  return run;
}

std::vector<int> guestPids(const fs::path& runBase) {
  std::vector<int> out;
  const std::string needle = "uml_dir=" + runBase.string();
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc", ec)) {
    const std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream f(e.path() / "cmdline", std::ios::binary);
    std::string cmd((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    for (auto& ch : cmd)
      if (ch == '\0') ch = ' ';
    // The whole path component: runBase ".../nat" is not ".../nat-c".
    const auto at = cmd.find(needle);
    if (at == std::string::npos) continue;
    const auto after = at + needle.size();
    if (after < cmd.size() && cmd[after] != '/' && cmd[after] != ' ') continue;
    const int pid = std::stoi(name);
    if (pid != ::getpid() && stillRunning(name)) out.push_back(pid);
  }
  return out;
}

std::vector<int> killLeftoverGuests(const fs::path& runBase) {
  std::vector<int> killed;
  for (int pid : guestPids(runBase))
    if (::kill(pid, SIGKILL) == 0) killed.push_back(pid);
  awaitDeaths([&killed] {
    return std::any_of(killed.begin(), killed.end(), [](int pid) { return stillRunning(std::to_string(pid)); });
  });
  return killed;
}

}  // namespace lab::kernel::uml

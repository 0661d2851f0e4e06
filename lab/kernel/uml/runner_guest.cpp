#include "lab/kernel/uml/runner_guest.h"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "lab/kernel/uml/uml_guest.h"
#include "lab/kernel/uml/uml_kernels.h"
#include "lab/sys/error.h"

extern char** environ;

namespace lab::kernel::uml {
namespace fs = std::filesystem;

namespace {

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// What the caller's environment passes into the runner: labrun's own knobs
// (LABRUN_IPTABLES, LABRUN_ROOTS, ...) and NO_COLOR; never the guest
// markers, which would make labrun inside act as a guest job.
bool passes(const std::string& name) {
  if (name == "NO_COLOR") return true;
  if (name.rfind("LABRUN_", 0) != 0) return false;
  return name != "LABRUN_IN_GUEST" && name != "LABRUN_RUN_BASE";
}

std::string exports(const RunnerOptions& o) {
  std::ostringstream out;
  for (char** e = environ; e && *e; ++e) {
    const char* eq = std::strchr(*e, '=');
    if (!eq) continue;
    const std::string name(*e, static_cast<std::size_t>(eq - *e));
    if (passes(name)) out << "export " << name << '=' << quote(eq + 1) << '\n';
  }
  const char* home = std::getenv("HOME");
  out << "export HOME=" << quote(home && *home ? home : o.cwd.string()) << '\n';
  out << "export LABRUN_RUN_BASE=" << kRunnerRunBase << '\n';
  return out.str();
}

}  // namespace

std::string runnerScript(const RunnerOptions& o, const std::string& release, const fs::path& modules,
                         const fs::path& modRoot) {
  std::ostringstream cmd;
  for (const auto& a : o.argv) cmd << quote(a) << ' ';
  const std::string state = "/run/runner-sim";
  // The guest's /usr/lib is the host's seen through hostfs: an overlay keeps
  // the modules directory made there inside the guest.
  return "#!/bin/sh\n"
         "# labrun runner-sim: this UML guest stands in for a privileged CI runner\n"
         "unset LABRUN_IN_GUEST\n"
         "runner_setup() {\n"
         "  /sbin/modprobe -q -d " + quote(modRoot.string()) + " overlay || return\n"
         "  mkdir -p " + state + "/usr-lib " + state + "/work || return\n"
         "  mount -t overlay runner-usr-lib -o lowerdir=/usr/lib,upperdir=" + state + "/usr-lib,workdir=" + state +
         "/work /usr/lib || return\n"
         "  mkdir -p /usr/lib/modules/" + quote(release) + " || return\n"
         "  mount --bind " + quote(modules.string()) + " /usr/lib/modules/" + quote(release) + " || return\n"
         "  echo /sbin/modprobe > /proc/sys/kernel/modprobe || return\n"
         "  hostname runner-sim\n"
         "  mkdir -p -m 0700 " + kRunnerRunBase + "\n"
         "}\n" +
         exports(o) +
         "{\n"
         "  if runner_setup; then\n"
         "    echo \"runner-sim: root in a UML guest, kernel $(uname -r), modules from /lib/modules/$(uname -r)"
         " (autoloaded), labrun runs in " + kRunnerRunBase + "\"\n"
         "    cd " + quote(o.cwd.string()) + " && " + cmd.str() + "\n"
         "    echo $? > " + state + "/status\n"
         "  else\n"
         "    echo 'runner-sim: cannot put the UML kernel modules in place' >&2\n"
         "    echo 3 > " + state + "/status\n"
         "  fi\n"
         "} 2>&1 | sed -u 's/^/" + kConsoleMarker + "/'\n"
         "exit \"$(cat " + state + "/status 2>/dev/null || echo 3)\"\n";
}

int runAsRunner(const RunnerOptions& o) {
  const UmlInstall u = locateUml();
  fs::create_directories(o.runDir);
  // A module root for the one modprobe made before the tree is in place:
  // the overlay filesystem's module.
  const fs::path modRoot = o.runDir / "runner-mods";
  fs::create_directories(modRoot / "lib/modules");
  std::error_code ec;
  fs::remove(modRoot / "lib/modules" / u.release, ec);
  fs::create_directory_symlink(u.modules, modRoot / "lib/modules" / u.release);

  const fs::path script = o.runDir / "runner-sim.sh";
  {
    std::ofstream f(script, std::ios::trunc);
    f << runnerScript(o, u.release, u.modules, modRoot);
    if (!f) throw sys::Error("cannot write " + script.string());
  }
  UmlOptions g;
  g.runDir = o.runDir;
  g.umid = o.umid;
  g.memory = o.memory;
  g.timeout = o.timeout;
  g.guestArgv = {"/bin/sh", script.string()};
  g.runnerLike = true;
  g.onProgress = [](const std::string& line) { std::cout << line << std::endl; };
  std::cout << "runner-sim: booting UML kernel " << u.name << " (" << u.source << ")" << std::endl;
  const UmlRun r = runGuest(g);
  std::cout << "runner-sim: guest exited " << r.guestExit << " after " << static_cast<int>(r.totalSeconds) << " s"
            << std::endl;
  return r.guestExit;
}

}  // namespace lab::kernel::uml

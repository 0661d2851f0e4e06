// labrun warm start|status|stop: this user's warm UML guest, which runs the
// next `labrun scenario` and `reproduce` without booting (lab/kernel/uml/warm.h).
#include <iostream>

#include "harness/cli/commands.h"
#include "harness/run/progress.h"
#include "lab/kernel/uml/spool.h"
#include "lab/kernel/uml/uml_guest.h"
#include "lab/kernel/uml/warm.h"
#include "lab/sys/error.h"

namespace harness::cli {
namespace fs = std::filesystem;
namespace uml = lab::kernel::uml;

int parseDuration(const std::string& text) {
  std::size_t used = 0;
  long v = -1;
  try {
    v = std::stol(text, &used);
  } catch (const std::exception&) {
  }
  const std::string unit = text.substr(used);
  const long mult = unit.empty() || unit == "s" ? 1 : unit == "m" ? 60 : unit == "h" ? 3600 : 0;
  if (v < 0 || mult == 0 || v * mult > 7 * 24 * 3600) return -1;
  return static_cast<int>(v * mult);
}

int cmdWarm(const WarmArgs& a) {
  if (a.action == "serve") {  // inside the guest: its init's command
    if (!uml::insideGuest()) {
      std::cerr << "labrun: warm serve runs inside a warm guest only\n";
      return lab::sys::kExitBadInput;
    }
    run::setGuestMode(true);
    run::progress("    warm guest: serving " + a.dir);
    uml::serveWarm(a.dir, parseDuration(a.idle));
    return 0;  // idle: the guest's init halts it
  }
  if (a.action == "start") {
    const int idle = parseDuration(a.idle);
    if (idle <= 0) {
      std::cerr << "labrun: --idle " << a.idle << ": a duration such as 90, 90s, 15m or 2h (not 0)\n";
      return lab::sys::kExitBadInput;
    }
    try {
      const auto w = uml::startWarm(fs::read_symlink("/proc/self/exe"), idle,
                                    [](const std::string& line) { std::cout << line << std::endl; });
      std::cout << "warm guest up in " << w.bootSeconds << " s (UML kernel " << w.kernel << ", halts after " << idle
                << " s without a request): `labrun scenario` and `reproduce` run in it without booting; "
                   "`labrun warm stop` stops it\n";
      return 0;
    } catch (const lab::sys::EnvironmentError& e) {
      std::cerr << "labrun: " << e.what() << " (" << e.remedy() << ")\n";
      return lab::sys::kExitEnvironment;
    } catch (const std::exception& e) {
      std::cerr << "labrun: " << e.what() << '\n';
      return lab::sys::kExitEnvironment;
    }
  }
  if (a.action == "stop") {
    std::cout << (uml::stopWarm() ? "warm guest stopped\n" : "no warm guest was running\n");
    return 0;
  }
  // status: 0 one runs, 1 none
  const auto w = uml::warmGuest();
  if (!w || !w->alive) {
    std::cout << "no warm guest (`labrun warm start` boots one)\n";
    return 1;
  }
  std::cout << "warm guest: running, booted " << uml::agoText(w->booted) << " ago (in " << w->bootSeconds
            << " s), UML kernel " << w->kernel << ", halts after " << w->idleSeconds << " s idle; "
            << w->dir.string() << '\n';
  return 0;
}

}  // namespace harness::cli

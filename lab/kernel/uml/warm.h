#pragma once
// A warm guest: a UML guest booted once (`labrun warm start`) that runs the
// next scenario and reproduce jobs without booting (the edit-rerun loop).
// One per user, never shared: it lives in the user's own run base (0700,
// owned by the user), <runBase>/.warm:
//   ctl/      its spool (spool.h): the host's labrun sends a "job" request
//             (labrun's own argv, the same binary through hostfs) and
//             follows its output; <id>.stop stops the job (Ctrl-C)
//   warm-state  kernel name, idle timeout, when it booted, the boot's seconds
//   uml/      the guest's umid directory (how clean finds it), console.out
// The guest halts itself after its idle timeout; `labrun warm stop` and
// `labrun clean` kill it. A job runs exactly as in a guest of its own:
// same argv, run directory (its HOME, a tmpfs at <runDir>/state), results.
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "lab/kernel/uml/uml_guest.h"

namespace lab::kernel::uml {

struct WarmGuest {
  std::filesystem::path dir;
  std::string kernel;  // UmlInstall::name it booted
  int idleSeconds = 0;
  std::chrono::system_clock::time_point booted;
  double bootSeconds = 0;
  bool alive = false;  // its guest runs and serves
};

std::filesystem::path warmDir();  // <runBase>/.warm
// This user's warm guest, if one was started (alive or not). Nothing if its
// directory is not the user's own 0700 directory.
std::optional<WarmGuest> warmGuest();
// Boots one that halts after `idleSeconds` without a request; the guest's
// init is `self warm serve`. EnvironmentError if one already runs.
WarmGuest startWarm(const std::filesystem::path& self, int idleSeconds,
                    const std::function<void(const std::string&)>& onProgress);
// Kills it and removes its directory; whether a guest was running.
bool stopWarm();
// "3m" (how long ago `t` was), for messages.
std::string agoText(std::chrono::system_clock::time_point t);

// Runs the job of `o` (runDir, guestArgv, timeout, onProgress) in this
// user's warm guest, if one runs the UML kernel this run would boot;
// otherwise nothing (a reason in *why when there was a guest). Ctrl-C or
// the timeout stop the job inside the guest (its lab torn down), the guest
// stays warm, and sys::Interrupted is thrown.
std::optional<UmlRun> runInWarmGuest(const UmlOptions& o, std::string* why);

}  // namespace lab::kernel::uml

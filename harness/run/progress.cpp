#include "harness/run/progress.h"

#include <cstdio>
#include <mutex>

#include "lab/kernel/uml/uml_guest.h"

namespace harness::run {
namespace {
bool gGuest = false;
std::mutex gMutex;
}  // namespace

void setGuestMode(bool inGuest) { gGuest = inGuest; }
bool guestMode() { return gGuest; }

void progress(const std::string& line) {
  std::lock_guard lock(gMutex);
  std::string out = gGuest ? std::string(lab::kernel::uml::kConsoleMarker) + line : line;
  out += '\n';
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
}

}  // namespace harness::run

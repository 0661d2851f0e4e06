#include "harness/run/progress.h"

#include <cstdio>
#include <mutex>
#include <utility>

#include "lab/kernel/uml/uml_guest.h"

namespace harness::run {
namespace {
bool gGuest = false;
std::mutex gMutex;
std::function<void(const std::string&)> gSink;  // guarded by gMutex
}  // namespace

void setGuestMode(bool inGuest) { gGuest = inGuest; }
bool guestMode() { return gGuest; }

void progress(const std::string& line) {
  std::lock_guard lock(gMutex);
  if (gSink && !gGuest) return gSink(line);
  std::string out = gGuest ? std::string(lab::kernel::uml::kConsoleMarker) + line : line;
  out += '\n';
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
}

ProgressSink::ProgressSink(std::function<void(const std::string&)> sink) {
  std::lock_guard lock(gMutex);
  previous_ = std::exchange(gSink, std::move(sink));
}

ProgressSink::~ProgressSink() {
  std::lock_guard lock(gMutex);
  gSink = std::move(previous_);
}

}  // namespace harness::run

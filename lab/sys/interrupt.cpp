#include "lab/sys/interrupt.h"

#include <csignal>
#include <cstring>  // sigabbrev_np

#include <atomic>

#include "lab/sys/error.h"

namespace lab::sys {
namespace {
std::atomic<int> gSignal{0};
extern "C" void onSignal(int sig) { gSignal.store(sig); }
}  // namespace

void installInterruptHandlers() {
  struct sigaction sa {};
  sa.sa_handler = onSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: blocking waits return EINTR and re-check
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGALRM}) sigaction(s, &sa, nullptr);
}

bool interrupted() { return gSignal.load() != 0; }
int interruptSignal() { return gSignal.load(); }
void requestInterrupt(int sig) { gSignal.store(sig); }

void throwIfInterrupted(const std::string& where) {
  if (int s = gSignal.load())
    throw Interrupted("interrupted by " + std::string(sigabbrev_np(s) ? sigabbrev_np(s) : "signal") +
                      " during " + where);
}

}  // namespace lab::sys

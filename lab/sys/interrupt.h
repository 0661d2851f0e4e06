#pragma once
// Ctrl-C / SIGTERM / deadline: signal handlers only set a flag; long waits
// poll it and unwind by throwing sys::Interrupted.
#include <string>

namespace lab::sys {

// Installs SIGINT/SIGTERM/SIGHUP/SIGALRM (deadline) handlers that set the flag (idempotent).
void installInterruptHandlers();
bool interrupted();
int interruptSignal();            // the signal that set it, 0 if none
void requestInterrupt(int sig);   // e.g. from a deadline timer
void throwIfInterrupted(const std::string& where);

}  // namespace lab::sys

#pragma once
// A matrix worker: labrun as a kernel backend's job (a UML guest's init, or
// a child process on the host kernel) pulling cases from the matrix run directory until none is left,
// running each with run::runHere under its own lab name, run directory and
// artifacts directory, one after the other. Each case has a deadline
// (SIGALRM sets the interrupt flag; runHere unwinds and tears down); the
// worker then clears the flag, sweeps the case's namespaces by name and goes
// on with the next case. SIGINT/SIGTERM stop the worker after the current
// case's teardown.
#include <filesystem>

namespace harness::matrix {

struct WorkerOptions {
  std::filesystem::path matrixDir;  // the shared run directory (work_queue.h)
  int worker = 0;
};

// Returns 0 when the queue is empty, 130 when interrupted.
int runWorker(const WorkerOptions& options);

}  // namespace harness::matrix

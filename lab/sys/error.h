#pragma once
// Errors raised while building a lab. Throw while building (unwinding runs
// the teardown); checks that may legitimately fail return values instead.
#include <stdexcept>
#include <string>

namespace lab::sys {

// Exit codes shared by every labrun command.
enum ExitCode : int {
  kExitPass = 0,         // all checks passed
  kExitCheckFailed = 1,  // a check failed
  kExitBadInput = 2,     // bad scenario file or usage
  kExitEnvironment = 3,  // this machine cannot run it (missing feature/package/privilege)
  kExitInterrupted = 130,
};

// A failure of the lab itself (syscall, netlink, helper program).
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The environment cannot run what was asked: missing kernel feature, package
// or privilege. `remedy` names the package or backend that would work.
class EnvironmentError : public Error {
 public:
  EnvironmentError(const std::string& what, std::string remedy)
      : Error(what), remedy_(std::move(remedy)) {}
  const std::string& remedy() const { return remedy_; }

 private:
  std::string remedy_;
};

// The run was interrupted (SIGINT/SIGTERM/timeout) and must unwind.
class Interrupted : public Error {
 public:
  using Error::Error;
};

// Throws Error("<what>: <strerror(errno)>").
[[noreturn]] void throwErrno(const std::string& what);

}  // namespace lab::sys

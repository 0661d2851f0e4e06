#include "harness/report/result.h"

namespace harness {

const char* verdictName(Verdict v) {
  switch (v) {
    case Verdict::Pass: return "pass";
    case Verdict::Fail: return "fail";
    case Verdict::Error: return "error";
    case Verdict::Skip: return "skip";
  }
  return "error";
}

std::string DaemonInfo::describe() const {
  std::string where = !release.empty() ? release
                      : machineRelease.empty() ? std::string("this machine's userland")
                                               : "this machine's " + machineRelease;
  return implementation + " " + (version.empty() ? "?" : version) + " (" +
         (package.empty() ? "" : package + ", ") + where + ")";
}

}  // namespace harness

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

EspCounts& EspCounts::operator+=(const EspCounts& o) {
  decrypted += o.decrypted;
  icvFailed += o.icvFailed;
  noSa += o.noSa;
  other += o.other;
  seconds += o.seconds;
  return *this;
}

std::string EspCounts::describe() const {
  std::string s = "ESP packets: " + std::to_string(decrypted) + " decrypted, " + std::to_string(failed()) + " failed";
  if (failed() == 0) return s;
  std::string why;
  auto add = [&](std::size_t n, const char* what) {
    if (n) why += (why.empty() ? "" : ", ") + std::to_string(n) + " " + what;
  };
  add(icvFailed, "ICV failed");
  add(noSa, "no SA");
  add(other, "not decryptable");
  return s + " (" + why + ")";
}

}  // namespace harness

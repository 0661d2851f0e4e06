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

}  // namespace harness

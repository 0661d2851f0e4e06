#include <cstdlib>

#include "lab/kernel/uml/uml_guest.h"
#include "lab/sys/error.h"

namespace lab::kernel::uml {
namespace fs = std::filesystem;

UmlInstall locateUml() {
  UmlInstall u;
  const char* k = std::getenv("LABRUN_UML_KERNEL");
  u.kernel = k ? k : "/usr/bin/linux.uml";
  std::error_code ec;
  if (!fs::exists(u.kernel, ec))
    throw sys::EnvironmentError("the UML kernel " + u.kernel.string() + " is not installed",
                                "apt-get install user-mode-linux");
  const fs::path base = "/usr/lib/uml/modules";
  for (const auto& e : fs::directory_iterator(base, ec)) {
    if (e.is_directory()) {
      u.modules = e.path();
      u.release = e.path().filename().string();
      break;
    }
  }
  if (u.modules.empty())
    throw sys::EnvironmentError("no UML kernel modules under " + base.string(),
                                "apt-get install --reinstall user-mode-linux");
  return u;
}

bool insideGuest() {
  static const bool inside = std::getenv("LABRUN_IN_GUEST") != nullptr;
  return inside;
}

bool umlAvailable() {
  try {
    locateUml();
    return true;
  } catch (const sys::Error&) {
    return false;
  }
}

}  // namespace lab::kernel::uml

#include "lab/kernel/backend.h"

#include "lab/kernel/host/host_backend.h"
#include "lab/kernel/uml/uml_backend.h"
#include "lab/sys/error.h"

namespace lab::kernel {

std::vector<const KernelBackend*> backends() {
  static const host::HostBackend hostBackend;
  static const uml::UmlBackend umlBackend;
  return {&hostBackend, &umlBackend};
}

std::vector<std::string> backendNames() {
  std::vector<std::string> out;
  for (const auto* b : backends()) out.emplace_back(b->name());
  return out;
}

const KernelBackend& backend(std::string_view name) {
  for (const auto* b : backends())
    if (b->name() == name) return *b;
  std::string known;
  for (const auto& n : backendNames()) known += (known.empty() ? "" : ", ") + n;
  throw sys::Error("unknown kernel backend '" + std::string(name) + "' (known: " + known + ")");
}

}  // namespace lab::kernel

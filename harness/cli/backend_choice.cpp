#include "harness/cli/backend_choice.h"

#include "harness/run/runner.h"

namespace harness::cli {

BackendChoice chooseBackend(const ScenarioSpec& spec, const std::string& requested) {
  const auto needs = lab::kernel::needsOf(spec.topology, spec.ipsec.has_value());
  BackendChoice c;
  std::string problems;  // why each backend tried so far cannot run it
  for (const auto* b : lab::kernel::backends()) {
    const std::string name(b->name());
    if (requested != "auto" && requested != name) continue;
    const std::string flag = requested == "auto" ? "auto" : "--kernel " + name;
    if (auto why = b->unavailable(); !why.empty()) {
      problems += (problems.empty() ? "" : "; ") + name + ": " + why;
      continue;
    }
    const auto probe = b->probe(needs);
    if (probe.ok()) {
      c.backend = b;
      c.why = requested != "auto" ? "requested with --kernel " + name
              : problems.empty()  ? "this kernel has every feature the scenario needs"
                                  : "auto: " + problems;
      if (!probe.kernelDetail.empty()) c.why += "; " + probe.kernelDetail;
      return c;
    }
    if (requested != "auto" && run::ikeOnlyPossible(spec, probe)) {
      c.backend = b;
      c.why = "requested with --kernel " + name + "; IKE only: this kernel lacks " + probe.describe();
      return c;
    }
    problems += (problems.empty() ? "" : "; ") + name + " kernel lacks " + probe.features();
    if (requested != "auto") {
      c.error = "--kernel " + name + ": this kernel cannot run " + spec.name + ": missing " + probe.describe();
      for (const auto* other : lab::kernel::backends()) {
        if (other == b) continue;
        const std::string on(other->name());
        if (auto why = other->unavailable(); !why.empty()) c.error += ". --kernel " + on + " would: " + why;
        else if (other->probe(needs).ok()) c.error += ". Use --kernel " + on + " (or auto): it has them all";
      }
      return c;
    }
  }
  c.error = (requested == "auto" ? "no kernel backend can run " : "--kernel " + requested + " cannot run ") + spec.name +
            ": " + problems;
  return c;
}

}  // namespace harness::cli

#include "harness/cli/backend_choice.h"

#include "harness/run/runner.h"
#include "lab/kernel/host/host_probe.h"
#include "lab/kernel/uml/uml_guest.h"

namespace harness::cli {

BackendChoice chooseBackend(const ScenarioSpec& spec, const std::string& requested) {
  lab::kernel::FeatureNeeds needs;
  needs.gre = spec.topology.needsGre();
  needs.nat = spec.topology.needsNat();
  needs.esp = spec.ipsec.has_value();
  BackendChoice c;
  const bool uml = lab::kernel::uml::umlAvailable();
  if (requested == "uml") {
    if (!uml) {
      c.error = "--kernel uml: /usr/bin/linux.uml is missing (apt-get install user-mode-linux)";
      return c;
    }
    return {"uml", "requested with --kernel uml", ""};
  }
  auto probe = lab::kernel::host::probe(needs);
  if (probe.ok()) {
    c.kind = "host";
    c.why = requested == "host" ? "requested with --kernel host"
                                : "this kernel has every feature the scenario needs";
    return c;
  }
  if (requested == "host" && run::ikeOnlyPossible(spec, probe)) {
    c.kind = "host";
    c.why = "requested with --kernel host; IKE only: this kernel lacks " + probe.describe();
    return c;
  }
  if (requested == "host") {
    c.error = "--kernel host: this kernel cannot run " + spec.name + ": missing " + probe.describe() +
              (uml ? ". Use --kernel uml (or auto): the UML kernel has them all"
                   : ". Install user-mode-linux and use --kernel uml");
    return c;
  }
  if (!uml) {
    c.error = "this kernel cannot run " + spec.name + " (missing " + probe.describe() +
              ") and the UML kernel is not installed: apt-get install user-mode-linux";
    return c;
  }
  c.kind = "uml";
  c.why = "auto: host kernel lacks ";
  for (size_t i = 0; i < probe.missing.size(); ++i)
    c.why += (i ? ", " : "") + probe.missing[i].feature;
  return c;
}

}  // namespace harness::cli

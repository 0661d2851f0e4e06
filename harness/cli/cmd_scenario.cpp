#include <unistd.h>

#include <iostream>

#include "harness/cli/backend_choice.h"
#include "harness/cli/commands.h"
#include "harness/cli/fail.h"
#include "harness/cli/reproduce.h"
#include "harness/cli/scenario_locator.h"
#include "harness/report/console_report.h"
#include "harness/report/json_report.h"
#include "harness/report/junit_report.h"
#include "harness/run/ike_session.h"
#include "harness/run/progress.h"
#include "harness/run/runner.h"
#include "harness/scenario/parser.h"
#include "lab/core/run_dir.h"
#include "lab/kernel/uml/uml_guest.h"
#include "lab/sys/error.h"
#include "lab/sys/interrupt.h"

namespace harness::cli {
namespace fs = std::filesystem;
using lab::sys::ExitCode;

namespace {

constexpr const char* kResultFile = "result.json";

fs::path selfExe() { return fs::read_symlink("/proc/self/exe"); }

fs::path prepareArtifacts(const ScenarioArgs& a, const std::string& lab) {
  fs::path dir = a.artifacts.empty() ? lab::core::runBase() / "artifacts" / lab : fs::path(a.artifacts);
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir);
  return fs::absolute(dir);
}

// labrun as the UML guest's init: run here, hand the result back in the run dir.
int runAsGuest(const ScenarioSpec& spec, const ScenarioArgs& a) {
  run::progress("    guest: labrun running inside the UML kernel");
  auto rd = lab::core::RunDir::adopt(a.runDir);
  run::RunnerOptions o;
  o.runDir = rd.path();
  o.artifactsDir = a.artifacts;
  o.kernel = "uml";
  o.capture = !a.noCapture;
  o.keysMadeElsewhere = true;  // by the host side, while this guest booted
  RunResult r = run::runHere(spec, o);
  report::writeJson(r, rd.path() / kResultFile);
  return r.exitCode;
}

RunResult runInUml(const ScenarioSpec& spec, const ScenarioArgs& a, const fs::path& file,
                   const lab::core::RunDir& rd, const fs::path& artifacts) {
  lab::kernel::uml::UmlOptions u;
  u.runDir = rd.path();
  u.umid = "lr-" + spec.topology.lab;
  u.timeout = std::chrono::seconds(a.timeoutSec);
  u.cpu = lab::kernel::uml::cpuForSlot(::getpid());  // runs side by side spread over the CPUs
  u.guestArgv = {selfExe().string(), "scenario", file.string(), "--kernel", "host", "--in-guest",
                 "--run-dir", rd.path().string(), "--lab", spec.topology.lab, "--artifacts",
                 artifacts.string()};
  if (a.noCapture) u.guestArgv.push_back("--no-capture");
  for (const auto& hf : a.reproduceHosts) u.guestArgv.insert(u.guestArgv.end(), {"--host", hf});
  for (const auto& [flag, value] : {std::pair{"--ike", a.ike.ike}, {"--ikev", a.ike.ikev}, {"--auth", a.ike.auth}})
    if (!value.empty()) u.guestArgv.insert(u.guestArgv.end(), {flag, value});
  u.onProgress = [](const std::string& line) { std::cout << line << std::endl; };
  RunResult r;
  r.scenario = spec.name;
  r.lab = spec.topology.lab;
  r.artifactsDir = artifacts.string();
  // Host keys are made out here, at native speed, while the guest boots.
  const lab::ike::HostKeys keys(rd.path() / "keys");
  auto making = keys.makeInBackground(run::keyRequests(spec));  // the guest awaits them
  try {
    auto run = lab::kernel::uml::runGuest(u);
    r = report::readJson(rd.path() / kResultFile);
    r.times.boot = run.bootSeconds;
  } catch (const lab::sys::Interrupted& e) {
    r.error = e.what();
    r.exitCode = lab::sys::kExitInterrupted;
  } catch (const std::exception& e) {
    r.error = std::string("the UML guest failed: ") + e.what();
    r.exitCode = lab::sys::kExitEnvironment;
  }
  return r;
}

void writeReports(const RunResult& r, const ScenarioArgs& a) {
  const bool color = ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
  std::cout << '\n';
  report::printTable(std::cout, r, color);
  if (!a.junit.empty()) report::writeJunit({r}, a.junit);
  if (!a.json.empty()) report::writeJson(r, a.json);
}

}  // namespace

int cmdScenario(ScenarioArgs a) {
  lab::sys::installInterruptHandlers();
  run::setGuestMode(a.inGuest);
  fs::path file;
  ScenarioSpec spec;
  try {
    file = resolveScenario(a.scenario);
    spec = scenario::loadScenario(file, {a.lab});
    applyIkeOverrides(spec, a.ike);
    for (auto& hf : a.reproduceHosts)  // absolute, for the guest
      if (auto eq = hf.find('='); eq != std::string::npos) hf = hf.substr(0, eq + 1) + fs::absolute(hf.substr(eq + 1)).string();
    applyReproduce(spec, a.reproduceHosts);
  } catch (const UsageError& e) {
    std::cerr << "labrun: " << e.what() << '\n';
    return lab::sys::kExitBadInput;
  } catch (const scenario::ScenarioParseError& e) {
    std::cerr << e.what() << "\nlabrun: " << file.string() << ": " << e.errors.size()
              << " error(s); nothing was created\n";
    return lab::sys::kExitBadInput;
  }
  if (a.inGuest) return runAsGuest(spec, a);

  auto choice = chooseBackend(spec, a.kernel);
  if (choice.kind.empty()) {
    std::cerr << "labrun: " << choice.error << '\n';
    return lab::sys::kExitEnvironment;
  }
  if (a.keep && choice.kind != "host") {
    std::cerr << "labrun: --keep needs the host kernel backend (the lab lives inside the UML guest "
                 "otherwise); on a kernel with GRE use --kernel host\n";
    return lab::sys::kExitBadInput;
  }
  if (a.timeoutSec > 0) ::alarm(static_cast<unsigned>(a.timeoutSec));

  RunResult r;
  try {
    auto rd = lab::core::RunDir::create(spec.topology.lab);
    const fs::path artifacts = prepareArtifacts(a, spec.topology.lab);
    run::progress("==> " + spec.name + " (lab " + spec.topology.lab + ") on the " + choice.kind +
                  " kernel: " + choice.why);
    if (choice.kind == "host") {
      run::RunnerOptions o{rd.path(), artifacts, "host", choice.why, a.keep, !a.noCapture};
      r = run::runHere(spec, o);
      if (a.keep && r.error.empty()) rd.keep();
    } else {
      r = runInUml(spec, a, file, rd, artifacts);
    }
    r.kernel = choice.kind;
    r.kernelWhy = choice.why;
  } catch (const std::exception& e) {
    return failEnvironment(e);
  }
  writeReports(r, a);
  return r.exitCode;
}

}  // namespace harness::cli

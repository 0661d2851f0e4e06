// labrun scenario / reproduce: validate, choose a kernel backend, run the
// scenario as one job on it (harness/run/runner.h inside the job), report.
#include <unistd.h>

#include <iostream>

#include "harness/cli/backend_choice.h"
#include "harness/cli/commands.h"
#include "harness/cli/fail.h"
#include "harness/cli/html_output.h"
#include "harness/cli/reproduce.h"
#include "harness/report/atomic_file.h"
#include "harness/report/console_report.h"
#include "harness/report/json_report.h"
#include "harness/report/junit_report.h"
#include "harness/report/markdown_run.h"
#include "harness/run/ike_hosts.h"
#include "harness/run/progress.h"
#include "harness/run/own_config_releases.h"
#include "harness/run/releases.h"
#include "harness/run/runner.h"
#include "harness/scenario/locator.h"
#include "harness/scenario/parser.h"
#include "lab/core/run_dir.h"
#include "lab/kernel/uml/uml_guest.h"
#include "lab/release/release_root.h"
#include "lab/sys/error.h"
#include "lab/sys/interrupt.h"

namespace harness::cli {
namespace fs = std::filesystem;

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

// labrun as a backend's job (a child on the host, a UML guest's init): run
// here, on this kernel, and hand the result back in the run directory.
int runAsJob(const ScenarioSpec& spec, const ScenarioArgs& a) {
  if (lab::kernel::uml::insideGuest()) run::progress("    guest: labrun running inside the UML kernel");
  auto rd = lab::core::RunDir::adopt(a.runDir);
  run::RunnerOptions o;
  o.runDir = rd.path();
  o.artifactsDir = a.artifacts;
  o.kernel = a.kernel;
  o.keep = a.keep;
  o.capture = !a.noCapture;
  o.keysMadeElsewhere = true;  // by the labrun that started this job, meanwhile
  RunResult r = run::runHere(spec, o);
  report::writeJson(r, rd.path() / kResultFile);
  // A kept lab stays reachable the backend's way (a guest serves exec/shell).
  if (auto kept = a.keep && r.error.empty() ? lab::kernel::readKeptLab(rd.path()) : std::nullopt)
    lab::kernel::backend(a.kernel).holdKept(*kept, r.exitCode);
  return r.exitCode;
}

// The job's command line: this very command, run here by the job.
std::vector<std::string> jobArgv(const ScenarioArgs& a, const fs::path& file, const ScenarioSpec& spec,
                                 const fs::path& runDir, const fs::path& artifacts, const std::string& backend) {
  std::vector<std::string> argv = {selfExe().string(), "scenario", file.string(), "--job", "--kernel", backend,
                                   "--run-dir", runDir.string(), "--lab", spec.topology.lab, "--artifacts",
                                   artifacts.string()};
  if (a.noCapture) argv.push_back("--no-capture");
  if (a.keep) argv.push_back("--keep");
  for (const auto& hf : a.reproduceHosts) argv.insert(argv.end(), {"--host", hf});
  for (const auto& m : a.reproduceMaps) argv.insert(argv.end(), {"--map", m});
  if (!a.reproduceFormat.empty()) argv.insert(argv.end(), {"--format", a.reproduceFormat});
  for (const auto& [flag, value] : {std::pair{"--ike", a.ike.ike}, {"--ikev", a.ike.ikev}, {"--auth", a.ike.auth},
                                    {"--release", a.ike.release}})
    if (!value.empty()) argv.insert(argv.end(), {flag, value});
  // A UML guest's HOME is its run directory: name the release roots outright.
  for (const auto& h : spec.topology.hosts)
    if (!h.release.empty()) {
      argv.insert(argv.end(), {"--roots", fs::absolute(lab::release::rootsDir()).string()});
      break;
    }
  return argv;
}

RunResult runJob(const ScenarioSpec& spec, const ScenarioArgs& a, const fs::path& file,
                 const lab::kernel::KernelBackend& backend, const lab::core::RunDir& rd, const fs::path& artifacts) {
  lab::kernel::Job job;
  job.argv = jobArgv(a, file, spec, rd.path(), artifacts, std::string(backend.name()));
  job.runDir = rd.path();
  job.id = "lr-" + spec.topology.lab;
  job.timeout = std::chrono::seconds(a.timeoutSec > 0 ? a.timeoutSec : 24 * 3600);
  job.cpu = lab::kernel::uml::cpuForSlot(::getpid());  // runs side by side spread over the CPUs
  job.keep = a.keep;
  job.warm = !a.keep;  // a warm guest, if this user runs one, instead of a boot
  RunResult r;
  r.scenario = spec.name;
  r.lab = spec.topology.lab;
  r.artifactsDir = artifacts.string();
  // Host keys are made out here, at native speed, while the job starts.
  const lab::ike::HostKeys keys(rd.path() / "keys");
  auto making = keys.makeInBackground(run::keyRequests(spec));  // the job awaits them
  try {
    const auto run = backend.run(job);
    r = report::readJson(rd.path() / kResultFile);
    r.times.boot = run.bootSeconds;
  } catch (const lab::sys::Interrupted& e) {
    r.error = e.what();
    r.exitCode = lab::sys::kExitInterrupted;
  } catch (const std::exception& e) {
    r.error = "the " + std::string(backend.name()) + " job failed: " + e.what();
    r.exitCode = lab::sys::kExitEnvironment;
  }
  return r;
}

void writeReports(const RunResult& r, const ScenarioArgs& a, const ScenarioSpec& spec) {
  const bool color = ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
  std::cout << '\n';
  report::printTable(std::cout, r, color);
  if (!a.junit.empty()) report::writeJunit({r}, a.junit);
  if (!a.json.empty()) report::writeJson(r, a.json);
  if (!a.markdown.empty()) report::writeFileAtomically(a.markdown, report::runMarkdown(r, &spec));
}

}  // namespace

int cmdScenario(ScenarioArgs a) {
  lab::sys::installInterruptHandlers();
  run::setGuestMode(lab::kernel::uml::insideGuest());
  fs::path file;
  ScenarioSpec spec;
  try {
    file = scenario::resolveScenario(a.scenario);
    spec = scenario::loadScenario(file, {a.lab});
    scenario::applyIkeOverrides(spec, a.ike);
    for (auto& hf : a.reproduceHosts)  // absolute, for the job
      if (auto eq = hf.find('='); eq != std::string::npos)
        hf = hf.substr(0, eq + 1) + fs::absolute(hf.substr(eq + 1)).string();
    applyReproduce(spec, a.reproduceHosts, {a.reproduceFormat, a.reproduceMaps});
    if (!a.job) {  // the job gets them as --release HOST=RELEASE
      auto own = run::defaultOwnConfigReleases(spec, run::machineRelease());
      a.ike.release = run::withAssignedReleases(a.ike.release, own.assigned);
      for (const auto& n : own.notes) run::progress(n);
    }
  } catch (const scenario::UsageError& e) {
    std::cerr << "labrun: " << e.what() << '\n';
    return lab::sys::kExitBadInput;
  } catch (const scenario::ScenarioParseError& e) {
    std::cerr << e.what() << "\nlabrun: " << file.string() << ": " << e.errors.size()
              << " error(s); nothing was created\n";
    return lab::sys::kExitBadInput;
  } catch (const lab::sys::EnvironmentError& e) {  // a config labrun reads but cannot run: nothing made yet
    return failEnvironment(e);
  }
  if (!a.rootsDir.empty()) ::setenv("LABRUN_ROOTS", a.rootsDir.c_str(), 1);
  if (a.job) return runAsJob(spec, a);

  auto choice = chooseBackend(spec, a.kernel);
  if (!choice.backend) {
    std::cerr << "labrun: " << choice.error << '\n';
    return lab::sys::kExitEnvironment;
  }
  if (a.keep && !choice.backend->keepsLabs()) {
    std::cerr << "labrun: --keep needs a backend whose labs outlive the run; the " << choice.backend->name()
              << " backend's do not\n";
    return lab::sys::kExitBadInput;
  }
  try {  // here, with the network: the job only looks them up
    run::ensureReleaseRoots(spec, [](const std::string& line) { run::progress(line); });
  } catch (const lab::sys::Interrupted&) {
    return lab::sys::kExitInterrupted;
  } catch (const std::exception& e) {
    return failEnvironment(e);
  }
  if (a.timeoutSec > 0) ::alarm(static_cast<unsigned>(a.timeoutSec));

  RunResult r;
  try {
    auto rd = lab::core::RunDir::create(spec.topology.lab);
    const fs::path artifacts = prepareArtifacts(a, spec.topology.lab);
    run::progress("==> " + spec.name + " (lab " + spec.topology.lab + ") on the " + std::string(choice.backend->name()) +
                  " kernel: " + choice.why);
    r = runJob(spec, a, file, *choice.backend, rd, artifacts);
    if (a.keep && r.error.empty()) rd.keep();
    r.kernel = choice.backend->name();
    r.kernelWhy = choice.why;
  } catch (const std::exception& e) {
    return failEnvironment(e);
  }
  writeReports(r, a, spec);
  if (!writeHtmlReports(spec, r, a.html) && r.exitCode == lab::sys::kExitPass) return lab::sys::kExitEnvironment;
  return r.exitCode;
}

}  // namespace harness::cli

// labrun: network-namespace lab for encrypted GRE tunnels with real IKE daemons.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "harness/cli/commands.h"
#include "harness/cli/runner_sim.h"
#include "lab/kernel/backend.h"
#include "lab/sys/error.h"

int main(int argc, char** argv) {
  using namespace harness::cli;
  CLI::App app{"labrun: GRE, IPsec and 1:1 NAT labs in network namespaces, proven on the wire"};
  std::vector<std::string> kernels = lab::kernel::backendNames();
  std::string kernelHelp;
  for (const auto& k : kernels) kernelHelp += k + " | ";
  kernelHelp += "auto (default: auto)";
  kernels.push_back("auto");
  app.require_subcommand(1);
  // Which UML kernel guests boot (lab/kernel/uml/uml_kernels.h): one for the
  // whole process and the workers it starts, so it travels in the environment.
  std::string umlKernel;
  const std::string umlKernelHelp =
      "UML kernel guests boot: 6.1 | 6.12 | ... (`labrun doctor` lists them) | PATH | auto (default: newest that has "
      "what the lab needs)";
  app.set_help_all_flag("--help-all", "Show help for every subcommand");

  ScenarioArgs sa;
  auto* scenario = app.add_subcommand("scenario", "Run a scenario (NAME of a shipped one, or PATH to a .yaml)");
  scenario->add_option("scenario", sa.scenario, "NAME or PATH")->required();
  scenario->add_option("--uml-kernel", umlKernel, umlKernelHelp);
  scenario->add_option("--kernel", sa.kernel, kernelHelp)->check(CLI::IsMember(kernels));
  scenario->add_option("--lab", sa.lab, "Lab name (namespaces lr-<lab>-<node>); default: the scenario's name");
  scenario->add_flag("--keep", sa.keep,
                     "Leave the lab running (a UML guest too): labrun exec/shell step in, `labrun clean LAB` removes it");
  scenario->add_option("--junit", sa.junit, "Write JUnit XML to FILE");
  scenario->add_option("--json", sa.json, "Write the result as JSON to FILE");
  scenario->add_option("--markdown", sa.markdown,
                       "Write the result as Markdown with Mermaid diagrams (e.g. $GITHUB_STEP_SUMMARY)");
  scenario->add_option("--html", sa.html, "Also write the HTML report (index.html of the artifacts) to FILE");
  scenario->add_option("--artifacts", sa.artifacts, "Artifacts directory (pcaps, logs, configs)");
  scenario->add_option("--timeout", sa.timeoutSec, "Stop the whole run after this many seconds (default 600)");
  scenario->add_option("--ike", sa.ike.ike, "IKE daemons: libreswan | strongswan | A=libreswan,B=strongswan");
  scenario->add_option("--ikev", sa.ike.ikev, "IKE version: 1 | 2");
  scenario->add_option("--auth", sa.ike.auth, "Authentication: psk | rsa");
  scenario->add_option("--release", sa.ike.release,
                       "Debian release the IKE daemons run from: bullseye | A=bullseye,C=trixie (default: this machine's)");
  scenario->add_flag("--no-capture", sa.noCapture, "Capture nothing; wire checks are skipped (for benchmarks)");
  scenario->add_flag("--job", sa.job)->group("");  // internal: labrun as a kernel backend's job
  scenario->add_option("--run-dir", sa.runDir)->group("");
  scenario->add_option("--roots", sa.rootsDir)->group("");  // internal: release roots of the starting labrun
  scenario->add_option("--host", sa.reproduceHosts)->group("");  // reproduce, inside the guest
  scenario->add_option("--format", sa.reproduceFormat)->group("");
  scenario->add_option("--map", sa.reproduceMaps)->group("");

  MatrixArgs ma;
  auto* matrix = app.add_subcommand("matrix", "Run scenarios x IKE pairings x IKE versions x auth, in parallel");
  matrix->add_option("--scenarios", ma.scenarios, "Scenario names or paths, comma-separated (default: all shipped)")
      ->delimiter(',');
  matrix->add_option("--ike", ma.ike, "Pairings (repeatable): libreswan | strongswan | A=libreswan,B=strongswan");
  matrix->add_option("--ikev", ma.ikev, "IKE versions: 1, 2 or 1,2 (default both)")->delimiter(',');
  matrix->add_option("--auth", ma.auth, "Authentication: psk, rsa or psk,rsa (default both)")->delimiter(',');
  matrix->add_option("--releases", ma.releases,
                     "Release axis: each IPsec end on each of these Debian releases (bullseye,bookworm,trixie); "
                     "default: this machine's userland")
      ->delimiter(',');
  matrix->add_option("--jobs,-j", ma.jobs, "Parallel workers (default: number of cores)")->check(CLI::NonNegativeNumber);
  matrix->add_option("--shard", ma.shard, "Run the deterministic slice I/N of the case list");
  matrix->add_option("--case-timeout", ma.caseTimeoutSec, "Stop a case after this many seconds (default 120)")
      ->check(CLI::PositiveNumber);
  matrix->add_option("--uml-kernel", umlKernel, umlKernelHelp);
  matrix->add_option("--kernel", ma.kernel, kernelHelp)->check(CLI::IsMember(kernels));
  matrix->add_option("--junit", ma.junit, "Write one JUnit XML file for the whole run");
  matrix->add_option("--json", ma.json, "Write one JSON file for the whole run (input of `labrun report merge`)");
  matrix->add_option("--markdown", ma.markdown, "Write the table as Markdown, failed cases with Mermaid diagrams (e.g. $GITHUB_STEP_SUMMARY)");
  matrix->add_option("--html", ma.html, "Write the grid as HTML, each cell linking to its case's index.html");
  matrix->add_option("--artifacts", ma.artifacts, "Artifacts directory; each case's under <DIR>/<case-id>/");
  matrix->add_option("--lab-prefix", ma.labPrefix, "Case labs are <prefix><index> (default m)");
  matrix->add_flag("--no-capture", ma.noCapture, "Capture nothing; wire checks are skipped (for benchmarks)");
  bool noProgress = false;
  const std::string noProgressHelp = "No live progress line on a terminal: one line per event, as without one";
  matrix->add_flag("--no-progress", noProgress, noProgressHelp);
  matrix->add_flag("--list", ma.list, "Print the case ids (after filters and --shard) and exit");
  matrix->add_option("--worker", ma.worker)->group("");  // internal: a worker over a matrix run dir
  matrix->add_option("--worker-id", ma.workerId)->group("");

  ReportMergeArgs rm;
  auto* report = app.add_subcommand("report", "Combine matrix reports");
  report->require_subcommand(1);
  auto* merge = report->add_subcommand("merge", "Merge shard JSON files: labrun report merge OUT.json IN.json...");
  merge->add_option("out", rm.out, "Merged JSON file to write")->required();
  merge->add_option("inputs", rm.inputs, "Shard JSON files (labrun matrix --json)")->required();
  merge->add_option("--junit", rm.junit, "Also write one JUnit XML file");
  merge->add_option("--markdown", rm.markdown, "Also write the table as Markdown, failed cases with Mermaid diagrams");
  merge->add_option("--html", rm.html, "Also write the grid as HTML");
  std::string mdIn, mdOut;
  auto* markdown = report->add_subcommand(
      "markdown", "A run's or a matrix's JSON as Markdown with Mermaid diagrams: labrun report markdown IN.json OUT.md");
  markdown->add_option("in", mdIn, "labrun scenario/matrix --json file")->required();
  markdown->add_option("out", mdOut, "Markdown file to write")->required();

  ScenarioArgs ra;
  auto* reproduce = app.add_subcommand(
      "reproduce",
      "Run your own conns (libreswan ipsec.conf, strongSwan swanctl.conf or ipsec.conf) on a shipped topology: labrun reproduce --host C=FILE");
  reproduce->add_option("--host", ra.reproduceHosts, "HOST=FILE: that host's conn block, swanctl.conf or strongSwan ipsec.conf (repeatable)")->required();
  reproduce->add_option("--format", ra.reproduceFormat, "The files' format: ipsec.conf | swanctl.conf | ipsec.conf-strongswan (default: detected)");
  reproduce->add_option("--map", ra.reproduceMaps,
                        "ADDRESS=HOST: an address in your files stands for that lab host (repeatable: --map 203.0.113.7=C)");
  reproduce->add_option("--scenario", ra.scenario, "Topology to use (default: nat-c)")->default_val("nat-c");
  reproduce->add_option("--uml-kernel", umlKernel, umlKernelHelp);
  reproduce->add_option("--kernel", ra.kernel, kernelHelp)->check(CLI::IsMember(kernels));
  reproduce->add_option("--lab", ra.lab, "Lab name");
  reproduce->add_option("--ike", ra.ike.ike, "IKE daemon for hosts without a file (libreswan | strongswan)");
  reproduce->add_option("--ikev", ra.ike.ikev, "IKE version of the lab's side: 1 | 2 (as your file's)");
  reproduce->add_option("--auth", ra.ike.auth, "Authentication of the lab's side: psk | rsa (as your file's)");
  reproduce->add_option("--release", ra.ike.release, "Debian release the daemons run from: bullseye | A=bullseye,C=trixie");
  reproduce->add_option("--junit", ra.junit, "Write JUnit XML to FILE");
  reproduce->add_option("--json", ra.json, "Write the result as JSON to FILE");
  reproduce->add_option("--markdown", ra.markdown,
                        "Write the result as Markdown with Mermaid diagrams (e.g. $GITHUB_STEP_SUMMARY)");
  reproduce->add_option("--html", ra.html, "Also write the HTML report (index.html of the artifacts) to FILE");
  reproduce->add_option("--artifacts", ra.artifacts, "Artifacts directory");

  std::string explainLog, explainPeer;
  auto* explainCmd = app.add_subcommand(
      "explain", "Diagnose a pluto or charon log (file, journalctl output, or - for stdin): no lab, no privileges");
  explainCmd->add_option("log", explainLog, "The log (LOGFILE or -)")->required();
  explainCmd->add_option("--peer", explainPeer, "The other side's log, if you have it");

  auto* list = app.add_subcommand("list", "List shipped scenarios");
  std::string cleanLab;
  auto* clean = app.add_subcommand("clean", "Remove what killed runs left: namespaces, processes, UML guests, run directories");
  clean->add_option("lab", cleanLab, "Only this lab (default: all)");
  auto* doctor = app.add_subcommand("doctor", "What this machine can run, and what to install");

  std::vector<std::string> releaseNames;
  auto* release = app.add_subcommand("release", "Debian release roots the IKE daemons can run from (mmdebstrap, cached)");
  release->require_subcommand(1);
  auto* releaseList = release->add_subcommand("list", "Built roots with their daemons' exact versions");
  auto* releaseBuild = release->add_subcommand("build", "Build roots: NAME is a release (bullseye: a root per IKE "
                                                        "daemon) or RELEASE-DAEMON (bullseye-libreswan)");
  releaseBuild->add_option("names", releaseNames, "Releases or roots")->required();
  releaseBuild->add_flag("--no-progress", noProgress, noProgressHelp);
  auto* releaseRm = release->add_subcommand("rm", "Remove roots (NAME as for build)");
  releaseRm->add_option("names", releaseNames, "Releases or roots")->required();

  std::string execLab, execNode;
  std::vector<std::string> execArgv;
  auto* exec = app.add_subcommand("exec", "Run a command in a node of a kept lab: labrun exec LAB NODE -- CMD...");
  exec->add_option("lab", execLab, "Lab name")->required();
  exec->add_option("node", execNode, "Host (or nat/router node) name")->required();
  exec->add_option("cmd", execArgv, "Command and arguments (after --)")->required();
  std::string shellLab, shellNode;
  auto* shell = app.add_subcommand("shell", "An interactive shell in a node of a kept lab: labrun shell LAB NODE");
  shell->add_option("lab", shellLab, "Lab name")->required();
  shell->add_option("node", shellNode, "Host (or nat/router node) name")->required();
  auto* ls = app.add_subcommand("ls", "Kept labs: backend, nodes, age");
  RunnerSimArgs rs;
  auto* runnerSim = app.add_subcommand("runner-sim", "Run CMD as root in a UML guest standing in for a CI runner");
  runnerSim->group("");  // maintenance: ci/runner-sim
  runnerSim->add_option("--lab", rs.lab, "Run directory name (default runner-sim)");
  runnerSim->add_option("--memory", rs.memory, "Guest memory (default 768M)");
  runnerSim->add_option("--timeout", rs.timeoutSec, "Kill the guest after this many seconds (default 1800)");
  runnerSim->add_option("--uml-kernel", umlKernel, umlKernelHelp);
  runnerSim->add_option("cmd", rs.argv, "Command and arguments (after --)")->required();

  WarmArgs wa;
  auto* warm = app.add_subcommand("warm", "A warm UML guest of yours: scenario and reproduce run in it without booting");
  warm->require_subcommand(1);
  auto* warmStart = warm->add_subcommand("start", "Boot it: labrun warm start [--uml-kernel K] [--idle 15m]");
  warmStart->add_option("--uml-kernel", umlKernel, umlKernelHelp);
  warmStart->add_option("--idle", wa.idle, "Halt after this long without a request: 90, 90s, 15m, 2h (default 15m)");
  auto* warmStatus = warm->add_subcommand("status", "Whether one runs, since when, its kernel (exit 1: none)");
  auto* warmStop = warm->add_subcommand("stop", "Stop it (labrun clean does too)");
  auto* warmServe = warm->add_subcommand("serve", "")->group("");  // internal: the guest's init
  warmServe->add_option("--dir", wa.dir)->required();
  warmServe->add_option("--idle", wa.idle);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : lab::sys::kExitBadInput;
  }
  if (!umlKernel.empty()) ::setenv("LABRUN_UML_KERNEL", umlKernel.c_str(), 1);
  if (noProgress) ::setenv("LABRUN_NO_PROGRESS", "1", 1);  // report/progress_line.h
  if (*scenario) return cmdScenario(sa);
  if (*reproduce) return cmdScenario(ra);
  if (*matrix) return cmdMatrix(ma);
  if (*merge) return cmdReportMerge(rm);
  if (*markdown) return cmdReportMarkdown(mdIn, mdOut);
  if (*explainCmd) return cmdExplain(explainLog, explainPeer);
  if (*list) return cmdList();
  if (*clean) return cmdClean(cleanLab);
  if (*doctor) return cmdDoctor();
  if (*exec) return cmdExec(execLab, execNode, execArgv);
  if (*shell) return cmdShell(shellLab, shellNode);
  if (*ls) return cmdLs();
  if (*runnerSim) return cmdRunnerSim(rs);
  for (auto [sub, action] : {std::pair{warmStart, "start"}, {warmStatus, "status"}, {warmStop, "stop"}, {warmServe, "serve"}})
    if (*sub) {
      wa.action = action;
      return cmdWarm(wa);
    }
  if (*releaseList) return cmdRelease("list", {});
  if (*releaseBuild) return cmdRelease("build", releaseNames);
  if (*releaseRm) return cmdRelease("rm", releaseNames);
  return lab::sys::kExitBadInput;
}

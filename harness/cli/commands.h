#pragma once
// labrun's subcommands; each returns the process exit code (lab::sys::ExitCode).
#include <string>
#include <vector>

#include "harness/scenario/overrides.h"

namespace harness::cli {

struct ScenarioArgs {
  std::string scenario;         // NAME or PATH
  std::string kernel = "auto";  // host | uml | auto
  std::string lab;              // lab name override
  bool keep = false;
  std::string junit;            // --junit FILE
  std::string json;             // --json FILE
  std::string markdown;         // --markdown FILE (Mermaid diagrams included)
  std::string html;             // --html FILE (index.html is written into the artifacts either way)
  std::string artifacts;        // --artifacts DIR
  int timeoutSec = 600;         // whole run
  bool noCapture = false;       // benchmarks: no pcaps, wire checks skipped
  scenario::IkeOverrides ike;   // --ike, --ikev, --auth
  std::vector<std::string> reproduceHosts;  // labrun reproduce --host HOST=FILE
  std::string reproduceFormat;              // --format ipsec.conf|swanctl.conf (empty: detected)
  std::vector<std::string> reproduceMaps;   // --map ADDRESS=HOST (the user's addresses → the lab's hosts)
  // Internal: set when labrun runs as a kernel backend's job (a child
  // process, or a UML guest's init) in the run directory its parent made.
  bool job = false;
  std::string runDir;
  std::string rootsDir;  // internal: where the starting labrun keeps release roots (the job's LABRUN_ROOTS)
};

int cmdScenario(ScenarioArgs args);

// labrun explain LOGFILE [--peer LOGFILE] ("-": stdin): what a pluto or
// charon log says happened, why, the fix, and the labrun command that shows
// it in a lab. 0: a failure found, 1: none, 2: not a log it reads.
int cmdExplain(const std::string& log, const std::string& peerLog);  // by value: paths are made absolute for the guest

// labrun matrix: scenarios × IKE pairings × versions × auth, in parallel.
struct MatrixArgs {
  std::vector<std::string> scenarios;  // --scenarios a,b (default: every shipped one)
  std::vector<std::string> ike;        // --ike (repeatable): libreswan | strongswan | A=..,B=..
  std::vector<std::string> ikev;       // --ikev 1,2
  std::vector<std::string> auth;       // --auth psk,rsa
  std::vector<std::string> releases;   // --releases bullseye,trixie: the release axis (per end)
  int jobs = 0;                        // 0: number of cores
  std::string shard;                   // --shard I/N
  int caseTimeoutSec = 120;
  std::string kernel = "auto";
  std::string junit, json, markdown, artifacts;
  std::string html;                    // --html FILE: the grid, cells linking to each case's index.html
  std::string labPrefix = "m";         // case labs <prefix><index>, run dir <prefix>
  bool noCapture = false;
  bool list = false;                   // print the case ids and exit
  // Internal: a worker (a kernel backend's job) over a matrix run dir.
  std::string worker;
  int workerId = 0;
};
int cmdMatrix(const MatrixArgs& args);

// labrun report merge OUT.json IN.json... [--junit X] [--markdown M]
struct ReportMergeArgs {
  std::string out;
  std::vector<std::string> inputs;
  std::string junit, markdown;
  std::string html;
};
int cmdReportMerge(const ReportMergeArgs& args);
// labrun report markdown IN.json OUT.md: a run's or a matrix's JSON as Markdown with Mermaid diagrams.
int cmdReportMarkdown(const std::string& in, const std::string& out);
int cmdList();
int cmdClean(const std::string& lab);
int cmdDoctor();
// Kept labs (cmd_kept.cpp): a command or a shell in a node, on whichever
// backend kept the lab; a lab or node that is not kept is exit 2 naming
// the kept labs and their nodes.
int cmdExec(const std::string& lab, const std::string& node, const std::vector<std::string>& argv);
int cmdShell(const std::string& lab, const std::string& node);
int cmdLs();

// labrun warm start|status|stop (and serve, inside the guest): this user's
// warm UML guest (lab/kernel/uml/warm.h). status: 0 one runs, 1 none.
struct WarmArgs {
  std::string action;
  std::string idle = "15m";  // start: halts after this long without a request
  std::string dir;           // serve: the warm guest's directory
};
int cmdWarm(const WarmArgs& args);
// "90", "90s", "15m", "2h" → seconds; -1 if not a duration.
int parseDuration(const std::string& text);

// labrun release list | build NAME... | rm NAME... (NAME: bullseye, or bullseye-libreswan).
int cmdRelease(const std::string& action, const std::vector<std::string>& names);

}  // namespace harness::cli

#pragma once
// The outcome of one scenario run: what report writers print and what a UML
// guest hands back to the host (as JSON, see json_report.h).
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "harness/capture/ladder_entry.h"

namespace harness {

enum class Verdict { Pass, Fail, Error, Skip };
const char* verdictName(Verdict v);  // "pass", "fail", "error", "skip"

struct CheckResult {
  std::string stage;
  std::string check;      // CheckSpec::describe()
  Verdict verdict = Verdict::Error;
  std::string detail;     // one or more lines: expected vs seen, pcap paths
  double seconds = 0;
};

// Processes created during each phase (ci/bench's profile), counted by
// the kernel the job ran on: in a UML guest exactly the job's own; -1 where
// not measured. `started`: what labrun itself started, by program.
struct PhaseProcesses {
  long build = -1, checks = -1, teardown = -1;
  std::map<std::string, int> started;
};

struct PhaseTimes {       // wall time in seconds
  double boot = 0;        // UML boot (0 on the host backend)
  double build = 0;       // namespaces, links, NAT
  double checks = 0;
  double teardown = 0;
};

// One IKE daemon a run started: which host, which implementation and exact
// version, from which Debian release. A host whose release changes between
// stages (an upgrade) has one entry per daemon, from the stage it started in.
struct DaemonInfo {
  std::string host;
  std::string implementation;  // display name: "libreswan", "strongSwan"
  std::string version;         // what the daemon reports: "4.3", "6.0.1"
  std::string package;         // exact Debian package version: "4.3-1+deb11u4" ("" if unknown)
  std::string release;         // "bullseye"; "" = the machine's own userland
  std::string machineRelease;  // the machine's own release when release is "" ("bookworm")
  std::string stage;           // the stage it started in
  // "libreswan 4.3 (4.3-1+deb11u4, bullseye)" / "... (4.10-2, this machine's bookworm)"
  std::string describe() const;
};

// ESP packets of a run's captures (every captured link, so a packet crossing
// three links counts three times), by what decrypting them with the hosts'
// own SAs gave. Counts only: keys never reach a report.
struct EspCounts {
  std::size_t decrypted = 0;  // ICV verified, inner stack decoded
  std::size_t icvFailed = 0;
  std::size_t noSa = 0;       // no host had an SA with its SPI
  std::size_t other = 0;      // an algorithm labrun does not decrypt, or malformed
  double seconds = 0;         // reading the SAs, decrypting, the IKE ladder (ci/bench's share)
  std::size_t failed() const { return icvFailed + noSa + other; }
  std::size_t total() const { return decrypted + failed(); }
  EspCounts& operator+=(const EspCounts& o);
  // "ESP packets: 12 decrypted, 0 failed" (+ " (1 ICV failed, 2 no SA)")
  std::string describe() const;
};

// A stage's IKE exchange as seen on the wire (harness/capture/ike_ladder.h),
// merged with the daemons' outcome lines: one line per entry, and the
// entries themselves (for drawings).
struct IkeLadder {
  std::string stage;
  std::vector<std::string> lines;
  std::vector<capture::LadderEntry> entries;
};

// What one link carried in one stage: its packets grouped by decoded header
// stack (harness/capture/stack_pattern.h; what ESP carried, decrypted, in
// brackets) and outermost addresses, with how many of each. Counts only.
struct StackCount {
  std::string stack;      // "ip/udp4500/esp[gre/ip/icmp]"
  std::string from, to;   // outermost IPv4 addresses ("" when the packet has none: arp)
  std::size_t count = 0;
};
struct LinkStacks {
  std::string stage;
  std::string node, iface;     // "nat-c", "outside"
  std::string pcap;            // the capture's file name in the artifacts directory
  std::vector<StackCount> stacks;  // in order of first sighting
};

struct RunResult {
  std::string scenario;
  std::string lab;
  std::string kernel;     // "host" or "uml"
  std::string kernelWhy;  // why auto picked it
  std::vector<CheckResult> checks;
  std::vector<DaemonInfo> daemons;  // in the order they started
  PhaseTimes times;
  PhaseProcesses processes;
  std::string artifactsDir;
  EspCounts esp;
  std::vector<IkeLadder> ikeLadders;  // stages whose captures saw IKE
  std::vector<LinkStacks> links;      // every captured link of every stage
  double guestMemoryMiB = 0;  // UML: guest memory in use after the checks (0 on the host)
  std::string error;      // set when the run could not complete (environment, lab error)
  int exitCode = 0;       // lab::sys::ExitCode
};

}  // namespace harness

#pragma once
// The spool of a kept UML lab: <runDir>/ctl (0700, hostfs), how the host
// talks to the guest that holds the lab. The host writes whole files by
// rename (the guest reads each name once: hostfs caches what it has read);
// the guest writes through hostfs, which reaches the host file at once.
//   ready            the guest serves (content: the job's exit status)
//   <id>.req         a request: NUL-separated kind ("exec" | "shell" |
//                    "job"), namespace (a job: its run directory, its
//                    HOME), rows, cols, TERM, argv...
//   <id>.stop        (a job) stop it: SIGINT, it tears its lab down
//   <id>.out/.err    the command's output (a shell's: the pty's, in .out)
//   <id>.rc          its exit status, written last (128+N: signal N)
//   <id>.in.<seq>    a shell's input, in sequence
//   <id>.win.<seq>   a shell's new window size "rows cols"
#include <filesystem>
#include <string>
#include <vector>

namespace lab::kernel::uml {

inline std::filesystem::path spoolDir(const std::filesystem::path& runDir) { return runDir / "ctl"; }
inline constexpr const char* kReadyFile = "ready";

struct SpoolRequest {
  std::string kind;  // "exec" | "shell" | "job" (a warm guest: a labrun job, warm.h)
  std::string netns;
  int rows = 24, cols = 80;
  std::string term;
  std::vector<std::string> argv;
};

std::string encodeRequest(const SpoolRequest& r);
// Throws sys::Error on a malformed request.
SpoolRequest decodeRequest(const std::string& text);

// Writes `text` to dir/name through a temporary name and a rename (0600).
void writeWhole(const std::filesystem::path& dir, const std::string& name, const std::string& text);
std::string readWhole(const std::filesystem::path& file);
// Names in `dir` that start with `prefix`, sorted.
std::vector<std::string> namesWithPrefix(const std::filesystem::path& dir, const std::string& prefix);
// "<id>.in.<seq>" with seq zero-padded, so names sort in sequence.
std::string seqName(const std::string& id, const char* what, unsigned seq);

// Inside the guest: serves requests in the spool of `runDir` for ever
// (the guest is stopped from outside). Writes the ready file first.
[[noreturn]] void serveSpool(const std::filesystem::path& runDir, int jobExit);

// A warm guest's server (warm.h): exec, shell and job requests; returns
// (the guest then halts) after `idleSeconds` without a request or a running
// job (0: never). Each job runs with <runDir>/state a tmpfs of its own.
void serveWarm(const std::filesystem::path& warmDir, int idleSeconds);

// On the host: runs a request in the guest and relays it (exec: output;
// shell: the terminal, raw, both ways). Returns the exit status. `alive`
// says whether the guest still runs (checked now and then).
int runSpoolRequest(const std::filesystem::path& runDir, const SpoolRequest& r, bool (*alive)(const std::filesystem::path&));

}  // namespace lab::kernel::uml

#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "harness/cli/commands.h"
#include "lab/core/topology.h"
#include "lab/netns/netns.h"
#include "lab/sys/error.h"

namespace harness::cli {

int cmdExec(const std::string& labName, const std::string& node, const std::vector<std::string>& argv) {
  const std::string ns = lab::nsName(labName, node);
  if (!lab::netns::NetNs::exists(ns)) {
    std::cerr << "labrun: no node '" << node << "' in a running lab '" << labName << "' (no "
              << lab::netns::kNetnsDir << "/" << ns
              << "); keep a lab with `labrun scenario NAME --keep --kernel host`\n";
    return lab::sys::kExitBadInput;
  }
  try {
    auto target = lab::netns::NetNs::open(ns);
    if (::setns(target.fd(), CLONE_NEWNET) != 0) lab::sys::throwErrno("setns " + ns);
  } catch (const std::exception& e) {
    std::cerr << "labrun: " << e.what() << '\n';
    return lab::sys::kExitEnvironment;
  }
  // exec replaces labrun: the command is not a child of labrun.
  std::vector<char*> args;
  for (const auto& s : argv) args.push_back(const_cast<char*>(s.c_str()));
  args.push_back(nullptr);
  ::execvp(args[0], args.data());
  std::cerr << "labrun: cannot run " << argv[0] << ": " << std::strerror(errno) << '\n';
  return 127;
}

}  // namespace harness::cli

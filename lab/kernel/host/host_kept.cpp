// Kept labs on the host kernel: the namespaces are this kernel's; exec and
// shell enter one and replace labrun with the command.
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "lab/kernel/host/host_backend.h"
#include "lab/kernel/shell_prompt.h"
#include "lab/netns/netns.h"
#include "lab/sys/error.h"

namespace lab::kernel::host {
namespace {

int enterAndExec(const std::string& netns, const std::vector<std::string>& argv) {
  try {
    auto target = netns::NetNs::open(netns);
    if (::setns(target.fd(), CLONE_NEWNET) != 0) sys::throwErrno("setns " + netns);
  } catch (const std::exception& e) {
    std::cerr << "labrun: " << e.what() << '\n';
    return sys::kExitEnvironment;
  }
  std::vector<char*> args;
  for (const auto& s : argv) args.push_back(const_cast<char*>(s.c_str()));
  args.push_back(nullptr);
  ::execvp(args[0], args.data());
  std::cerr << "labrun: cannot run " << argv[0] << ": " << std::strerror(errno) << '\n';
  return 127;
}

}  // namespace

int HostBackend::execKept(const KeptLab&, const std::string& netns, const std::vector<std::string>& argv) const {
  return enterAndExec(netns, argv);
}

int HostBackend::shellKept(const KeptLab& lab, const std::string& node, const std::string& netns) const {
  ::setenv("PS1", shellPrompt(lab.lab, node).c_str(), 1);
  return enterAndExec(netns, shellArgv());
}

bool HostBackend::keptAlive(const KeptLab& lab) const {
  for (const auto& [node, ns] : lab.nodes)
    if (netns::NetNs::exists(ns)) return true;
  return false;
}

}  // namespace lab::kernel::host

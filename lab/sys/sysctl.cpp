#include "lab/sys/sysctl.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "lab/netns/netns.h"
#include "lab/sys/error.h"
#include "lab/sys/fd.h"

namespace lab::sys {
namespace {

std::string procPath(const std::string& key) {
  // "net.ipv4.ip_forward", or "net/ipv4/conf/eth0.5/rp_filter" when a
  // component (an interface name) contains a dot.
  std::string rel = key;
  if (rel.find('/') == std::string::npos) std::replace(rel.begin(), rel.end(), '.', '/');
  return "/proc/sys/" + rel;
}

std::string where(const netns::NetNs& ns, const std::string& key) {
  return "sysctl " + key + " in " + ns.name();
}

}  // namespace

void setSysctl(const netns::NetNs& ns, const std::string& key, const std::string& value) {
  setSysctls(ns, {{key, value}});
}

void setSysctls(const netns::NetNs& ns, const std::vector<std::pair<std::string, std::string>>& settings) {
  netns::runIn(ns, [&] {
    for (const auto& [key, value] : settings) {
      Fd f(::open(procPath(key).c_str(), O_WRONLY | O_CLOEXEC));
      if (!f) throwErrno(where(ns, key));
      std::string text = value + "\n";
      if (::write(f.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()))
        throwErrno(where(ns, key) + "=" + value);
    }
  });
}

std::string getSysctl(const netns::NetNs& ns, const std::string& key) {
  return netns::runIn(ns, [&] {
    Fd f(::open(procPath(key).c_str(), O_RDONLY | O_CLOEXEC));
    if (!f) throwErrno(where(ns, key));
    char buf[256];
    ssize_t n = ::read(f.get(), buf, sizeof buf);
    if (n < 0) throwErrno(where(ns, key));
    std::string v(buf, static_cast<std::size_t>(n));
    while (!v.empty() && (v.back() == '\n' || v.back() == ' ')) v.pop_back();
    return v;
  });
}

}  // namespace lab::sys

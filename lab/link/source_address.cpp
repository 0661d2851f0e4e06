#include "lab/link/source_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "lab/sys/fd.h"

namespace lab::link {

std::optional<std::string> sourceAddressTowards(const netns::NetNs& ns, const std::string& to) {
  sockaddr_in dst{};
  dst.sin_family = AF_INET;
  dst.sin_port = htons(500);
  if (::inet_pton(AF_INET, to.c_str(), &dst.sin_addr) != 1) return std::nullopt;
  return netns::runIn(ns, [&]() -> std::optional<std::string> {
    sys::Fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (!s || ::connect(s.get(), reinterpret_cast<const sockaddr*>(&dst), sizeof dst) != 0) return std::nullopt;
    sockaddr_in src{};
    socklen_t len = sizeof src;
    if (::getsockname(s.get(), reinterpret_cast<sockaddr*>(&src), &len) != 0) return std::nullopt;
    char text[INET_ADDRSTRLEN];
    if (!::inet_ntop(AF_INET, &src.sin_addr, text, sizeof text)) return std::nullopt;
    return std::string(text);
  });
}

}  // namespace lab::link

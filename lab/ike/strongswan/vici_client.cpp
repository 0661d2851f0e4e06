#include "lab/ike/strongswan/vici_client.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "lab/sys/interrupt.h"

namespace lab::ike::vici {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kSlice{100};  // how often a wait looks for interrupts

std::string errnoText(int err) { return std::strerror(err); }

}  // namespace

Client::Client(sys::Fd fd, std::string where) : fd_(std::move(fd)), where_(std::move(where)) {}

Client Client::connect(const std::filesystem::path& socket, milliseconds timeout) {
  const std::string where = "unix://" + socket.string();
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string path = socket.string();
  if (path.size() >= sizeof(addr.sun_path))
    throw Error("VICI socket path is longer than " + std::to_string(sizeof(addr.sun_path) - 1) +
                " bytes: " + path);
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);

  sys::Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) throw Error("cannot create a unix socket for " + where + ": " + errnoText(errno));
  const auto deadline = Clock::now() + timeout;
  while (true) {
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0)
      return Client(std::move(fd), where);
    const int err = errno;
    if (err == EINTR) {
      sys::throwIfInterrupted("connecting to " + where);
      continue;
    }
    if (err == EINPROGRESS) {  // not expected for AF_UNIX, handled anyway
      Client c(std::move(fd), where);
      c.waitFor(POLLOUT, deadline, "connect");
      int soErr = 0;
      socklen_t len = sizeof(soErr);
      ::getsockopt(c.fd_.get(), SOL_SOCKET, SO_ERROR, &soErr, &len);
      if (soErr != 0) throw Error("cannot connect to " + where + ": " + errnoText(soErr));
      return c;
    }
    if (err == EAGAIN && Clock::now() < deadline) {  // listen backlog full: charon is busy
      sys::throwIfInterrupted("connecting to " + where);
      ::poll(nullptr, 0, 10);
      continue;
    }
    throw Error("cannot connect to " + where + ": " + errnoText(err));
  }
}

std::string Client::context(std::string_view what) const {
  return "VICI " + std::string(what) + " on " + where_ + ": ";
}

void Client::fail(const std::string& why) {
  broken_ = true;
  throw Error(why);
}

void Client::waitFor(short events, Deadline deadline, std::string_view what) {
  while (true) {
    if (sys::interrupted()) {
      broken_ = true;
      sys::throwIfInterrupted("VICI " + std::string(what) + " on " + where_);
    }
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (left <= milliseconds(0)) fail(context(what) + "charon did not answer in time");
    pollfd p{fd_.get(), events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(std::min(left, kSlice).count()) + 1);
    if (n < 0 && errno != EINTR) fail(context(what) + "poll: " + errnoText(errno));
    if (n > 0) return;  // ready, or an error/hangup the next read/write reports
  }
}

void Client::send(const Packet& packet, Deadline deadline, std::string_view what) {
  const std::string wire = frame(encodePacket(packet));
  std::size_t done = 0;
  while (done < wire.size()) {
    const ssize_t n = ::send(fd_.get(), wire.data() + done, wire.size() - done, MSG_NOSIGNAL);
    if (n >= 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    if (errno == EINTR) continue;  // waitFor() looks at the interrupt flag
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      waitFor(POLLOUT, deadline, what);
      continue;
    }
    fail(context(what) + "send: " + errnoText(errno));
  }
}

Packet Client::receive(Deadline deadline, std::string_view what) {
  auto readExact = [&](char* buf, std::size_t len) {
    std::size_t done = 0;
    while (done < len) {
      const ssize_t n = ::recv(fd_.get(), buf + done, len - done, 0);
      if (n > 0) {
        done += static_cast<std::size_t>(n);
      } else if (n == 0) {
        fail(context(what) + "charon closed the connection" + (done ? " in the middle of a packet" : ""));
      } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
        waitFor(POLLIN, deadline, what);
      } else if (errno != EINTR) {
        fail(context(what) + "recv: " + errnoText(errno));
      }
    }
  };
  unsigned char header[4];
  readExact(reinterpret_cast<char*>(header), sizeof(header));
  const std::size_t len = (std::size_t{header[0]} << 24) | (std::size_t{header[1]} << 16) |
                          (std::size_t{header[2]} << 8) | std::size_t{header[3]};
  if (len == 0 || len > kMaxSegment) fail(context(what) + "bad packet length " + std::to_string(len));
  std::string segment(len, '\0');
  readExact(segment.data(), len);
  try {
    return decodePacket(segment);
  } catch (const Error& e) {
    fail(context(what) + e.what());
  }
}

void Client::confirm(std::string_view event, Deadline deadline, std::string_view what,
                     std::vector<Section>* events) {
  while (true) {
    Packet p = receive(deadline, what);
    switch (p.type) {
      case PacketType::EventConfirm:
        return;
      case PacketType::EventUnknown:
        throw Error(context(what) + "charon has no event '" + std::string(event) + "'");
      case PacketType::Event:
        if (events && p.name == event) events->push_back(std::move(p.message));
        break;
      default:
        fail(context(what) + "unexpected " + std::string(packetTypeName(p.type)) +
             " while (un)registering '" + std::string(event) + "'");
    }
  }
}

Section Client::call(std::string_view command, const Section& args, milliseconds timeout) {
  if (broken_) throw Error(context(command) + "connection unusable after an earlier error");
  const auto deadline = Clock::now() + timeout;
  send({PacketType::CmdRequest, std::string(command), args}, deadline, command);
  while (true) {
    Packet p = receive(deadline, command);
    switch (p.type) {
      case PacketType::CmdResponse:
        return std::move(p.message);
      case PacketType::CmdUnknown:
        throw Error(context(command) + "charon does not know this command");
      case PacketType::Event:
        break;  // an event we registered for elsewhere: not this call's business
      default:
        fail(context(command) + "unexpected " + std::string(packetTypeName(p.type)));
    }
  }
}

Section Client::stream(std::string_view command, const Section& args, std::string_view event,
                       std::vector<Section>& events, milliseconds timeout) {
  if (broken_) throw Error(context(command) + "connection unusable after an earlier error");
  const auto deadline = Clock::now() + timeout;
  send({PacketType::EventRegister, std::string(event), {}}, deadline, command);
  confirm(event, deadline, command, nullptr);
  send({PacketType::CmdRequest, std::string(command), args}, deadline, command);
  Section response;
  bool unknown = false;
  for (bool done = false; !done;) {
    Packet p = receive(deadline, command);
    switch (p.type) {
      case PacketType::Event:
        if (p.name == event) events.push_back(std::move(p.message));
        break;
      case PacketType::CmdResponse:
        response = std::move(p.message);
        done = true;
        break;
      case PacketType::CmdUnknown:
        unknown = done = true;
        break;
      default:
        fail(context(command) + "unexpected " + std::string(packetTypeName(p.type)));
    }
  }
  send({PacketType::EventUnregister, std::string(event), {}}, deadline, command);
  confirm(event, deadline, command, &events);
  if (unknown) throw Error(context(command) + "charon does not know this command");
  return response;
}

}  // namespace lab::ike::vici

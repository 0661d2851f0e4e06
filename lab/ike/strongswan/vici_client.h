#pragma once
// A VICI client on charon's unix socket: one command at a time, each bounded
// by a deadline, so a hung charon cannot hang labrun. Waits poll
// sys::interrupted() and throw sys::Interrupted; EINTR is retried.
//
//   auto vici = vici::Client::connect(paths.viciSocket());
//   vici::Section v = vici.call("version");
//   std::vector<vici::Section> sas;
//   vici.stream("list-sas", {}, "list-sa", sas);
//
// A pathname socket belongs to the filesystem, not to a network namespace:
// labrun connects from wherever it runs.
//
// Errors are vici::Error (a sys::Error) naming the command and the socket.
// After an I/O error or a timeout the connection is broken() (a late reply
// would be taken for the next one's): reconnect.
#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "lab/ike/strongswan/vici_message.h"
#include "lab/sys/fd.h"

namespace lab::ike::vici {

inline constexpr std::chrono::milliseconds kDefaultTimeout{10000};

class Client {
 public:
  // Connects (non-blocking socket). Throws vici::Error with errno's text:
  // ENOENT (no socket yet), ECONNREFUSED (no listener), ...
  static Client connect(const std::filesystem::path& socket,
                        std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));
  // Adopts a connected stream socket (tests: one end of a socketpair).
  Client(sys::Fd fd, std::string where);

  // Sends CMD_REQUEST `command` and returns the CMD_RESPONSE message.
  // Throws on CMD_UNKNOWN, a closed or malformed stream, or the timeout.
  Section call(std::string_view command, const Section& args = {},
               std::chrono::milliseconds timeout = kDefaultTimeout);
  // Like call(), for commands that stream their result: registers for
  // `event` first, appends each `event` message to `events` until the
  // response, then unregisters. The timeout covers the whole exchange.
  Section stream(std::string_view command, const Section& args, std::string_view event,
                 std::vector<Section>& events, std::chrono::milliseconds timeout = kDefaultTimeout);

  bool broken() const { return broken_; }
  const std::string& where() const { return where_; }

 private:
  using Deadline = std::chrono::steady_clock::time_point;
  void send(const Packet& packet, Deadline deadline, std::string_view what);
  Packet receive(Deadline deadline, std::string_view what);
  // Waits for `events` (POLLIN/POLLOUT) until the deadline, in short slices
  // that check for interrupts.
  void waitFor(short events, Deadline deadline, std::string_view what);
  // Reads EVENT_CONFIRM for (un)registering `event` (events that arrive
  // meanwhile go to `events` if given).
  void confirm(std::string_view event, Deadline deadline, std::string_view what,
               std::vector<Section>* events);
  // "VICI <what> on unix://<socket>: " (errors start with it).
  std::string context(std::string_view what) const;
  [[noreturn]] void fail(const std::string& why);

  sys::Fd fd_;
  std::string where_;  // "unix:///run/.../charon.vici", for messages
  bool broken_ = false;
};

}  // namespace lab::ike::vici

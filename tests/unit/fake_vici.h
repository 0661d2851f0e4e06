#pragma once
// A stand-in for charon's VICI socket, for unit tests: a unix socket in a
// private temporary directory, served by one thread with a handler per
// connection (blocking I/O on the server side).
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "lab/ike/strongswan/vici_message.h"
#include "lab/sys/fd.h"

namespace fakevici {

namespace vici = lab::ike::vici;

inline bool readAll(int fd, char* buf, std::size_t len) {
  std::size_t done = 0;
  while (done < len) {
    ssize_t n = ::read(fd, buf + done, len - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// The next packet, or nullopt at EOF.
inline std::optional<vici::Packet> readPacket(int fd) {
  unsigned char h[4];
  if (!readAll(fd, reinterpret_cast<char*>(h), 4)) return std::nullopt;
  std::string seg((std::size_t{h[0]} << 24) | (h[1] << 16) | (h[2] << 8) | h[3], '\0');
  if (!readAll(fd, seg.data(), seg.size())) return std::nullopt;
  return vici::decodePacket(seg);
}

inline void writeRaw(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

inline void writePacket(int fd, const vici::Packet& p) { writeRaw(fd, vici::frame(vici::encodePacket(p))); }

inline vici::Section success() { return vici::Section().set("success", "yes"); }

class Server {
 public:
  using Handler = std::function<void(int fd)>;

  explicit Server(Handler handler) : handler_(std::move(handler)) {
    char tmpl[] = "/tmp/lr-vici-test-XXXXXX";
    if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    socket_ = dir_ / "charon.vici";
    listen_ = lab::sys::Fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::strcpy(a.sun_path, socket_.c_str());
    if (::bind(listen_.get(), reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0 || ::listen(listen_.get(), 8) != 0)
      throw std::runtime_error("cannot listen on " + socket_.string());
    thread_ = std::thread([this] { serve(); });
  }
  ~Server() {
    stop_ = true;
    thread_.join();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  const std::filesystem::path& socket() const { return socket_; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{listen_.get(), POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      lab::sys::Fd conn(::accept4(listen_.get(), nullptr, nullptr, SOCK_CLOEXEC));
      if (!conn) continue;
      try {
        handler_(conn.get());
      } catch (const std::exception&) {
        // a garbled request ends this connection
      }
    }
  }

  Handler handler_;
  std::filesystem::path dir_, socket_;
  lab::sys::Fd listen_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Answers like charon for configuration commands and records every request
// (command name and encoded message) in order.
struct Recorder {
  std::mutex mutex;
  std::vector<std::pair<std::string, std::string>> requests;

  Server::Handler handler() {
    return [this](int fd) {
      while (auto p = readPacket(fd)) {
        if (p->type == vici::PacketType::EventRegister || p->type == vici::PacketType::EventUnregister) {
          writePacket(fd, {vici::PacketType::EventConfirm, "", {}});
          continue;
        }
        if (p->type != vici::PacketType::CmdRequest) return;
        {
          std::lock_guard<std::mutex> lock(mutex);
          requests.emplace_back(p->name, vici::encodeMessage(p->message));
        }
        vici::Section reply;
        if (p->name == "get-conns") reply.setList("conns", {});
        else if (p->name == "get-keys" || p->name == "get-shared") reply.setList("keys", {});
        else if (p->name == "get-authorities") reply.setList("authorities", {});
        else if (p->name != "get-pools") reply = success();
        writePacket(fd, {vici::PacketType::CmdResponse, "", reply});
      }
    };
  }
  // Encoded messages of every `command` request.
  std::vector<std::string> messages(const std::string& command) {
    std::lock_guard<std::mutex> lock(mutex);
    std::vector<std::string> out;
    for (const auto& [name, msg] : requests)
      if (name == command) out.push_back(msg);
    return out;
  }
};

}  // namespace fakevici

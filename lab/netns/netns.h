#pragma once
// Named network namespaces, visible to `ip netns` (/run/netns/<name>).
//
// setns() affects only the calling thread and a socket stays in the namespace
// it was created in: enter briefly (ScopedNetns, or runIn on a fresh thread),
// open that node's netlink socket or pcap handle there, keep it.
#include <exception>
#include <filesystem>
#include <optional>
#include <type_traits>
#include <string>
#include <thread>
#include <utility>

#include "lab/sys/fd.h"

namespace lab::netns {

inline constexpr const char* kNetnsDir = "/run/netns";

class NetNs {
 public:
  // Creates /run/netns/<name> holding a new, empty network namespace
  // (loopback brought up). Throws sys::Error if it exists already.
  static NetNs create(const std::string& name);
  // Opens an existing named namespace. Throws if it does not exist.
  static NetNs open(const std::string& name);
  // The namespace of the calling thread (not removable).
  static NetNs current();

  NetNs(NetNs&&) noexcept = default;
  NetNs& operator=(NetNs&&) noexcept = default;

  const std::string& name() const { return name_; }
  int fd() const { return fd_.get(); }
  std::filesystem::path path() const { return std::filesystem::path(kNetnsDir) / name_; }

  // Unmounts and unlinks /run/netns/<name>. Idempotent. The namespace itself
  // lives on while a process or fd still holds it.
  static void remove(const std::string& name) noexcept;
  static bool exists(const std::string& name);

 private:
  NetNs(std::string name, sys::Fd fd) : name_(std::move(name)), fd_(std::move(fd)) {}
  std::string name_;
  sys::Fd fd_;
};

// Enters a namespace on the calling thread for the scope's lifetime.
class ScopedNetns {
 public:
  explicit ScopedNetns(const NetNs& ns);
  ~ScopedNetns();
  ScopedNetns(const ScopedNetns&) = delete;
  ScopedNetns& operator=(const ScopedNetns&) = delete;

 private:
  sys::Fd saved_;
};

// Runs fn() on a fresh thread inside ns and returns its result (exceptions
// propagate). The calling thread's namespace is never touched.
template <class F>
auto runIn(const NetNs& ns, F&& fn) -> decltype(fn()) {
  using R = decltype(fn());
  std::exception_ptr err;
  if constexpr (std::is_void_v<R>) {
    std::thread t([&] {
      try {
        ScopedNetns in(ns);
        fn();
      } catch (...) {
        err = std::current_exception();
      }
    });
    t.join();
    if (err) std::rethrow_exception(err);
  } else {
    std::optional<R> out;
    std::thread t([&] {
      try {
        ScopedNetns in(ns);
        out.emplace(fn());
      } catch (...) {
        err = std::current_exception();
      }
    });
    t.join();
    if (err) std::rethrow_exception(err);
    return std::move(*out);
  }
}

}  // namespace lab::netns

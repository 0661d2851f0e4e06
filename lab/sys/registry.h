#pragma once
// An explicit list of named implementations of one interface (IKE
// implementations, tunnel link kinds): the built-in ones, given once, plus
// any registered at run time (a test's own), found by name. T has
// `name()`. Thread-safe; entries live as long as the registry.
#include <algorithm>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "lab/sys/error.h"

namespace lab::sys {

template <class T>
class Registry {
 public:
  // `what` names an entry in errors ("IKE implementation", "tunnel type").
  Registry(std::string what, std::vector<std::unique_ptr<T>> builtins)
      : what_(std::move(what)), entries_(std::move(builtins)), builtins_(entries_.size()) {}

  std::vector<const T*> all() const {
    std::lock_guard lock(m_);
    std::vector<const T*> out;
    for (const auto& e : entries_) out.push_back(e.get());
    return out;
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto* e : all()) out.emplace_back(e->name());
    return out;
  }
  const T* find(std::string_view name) const {
    for (const auto* e : all())
      if (e->name() == name) return e;
    return nullptr;
  }
  // Throws Error listing the known names.
  const T& get(std::string_view name) const {
    if (const T* e = find(name)) return *e;
    std::string known;
    for (const auto& n : names()) known += (known.empty() ? "" : ", ") + n;
    throw Error("unknown " + what_ + " '" + std::string(name) + "' (known: " + known + ")");
  }
  void add(std::unique_ptr<T> entry) {
    std::lock_guard lock(m_);
    for (const auto& e : entries_)
      if (e->name() == entry->name())
        throw Error(what_ + " '" + std::string(entry->name()) + "' is registered already");
    entries_.push_back(std::move(entry));
  }
  // Removes one added at run time; built-ins stay.
  void remove(std::string_view name) {
    std::lock_guard lock(m_);
    auto first = entries_.begin() + static_cast<long>(builtins_);
    entries_.erase(std::remove_if(first, entries_.end(), [&](const auto& e) { return e->name() == name; }),
                   entries_.end());
  }

 private:
  std::string what_;
  mutable std::mutex m_;
  std::vector<std::unique_ptr<T>> entries_;
  std::size_t builtins_;
};

}  // namespace lab::sys

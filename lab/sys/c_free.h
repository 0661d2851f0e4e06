#pragma once
// One line of RAII per C resource: std::unique_ptr<T, CFree<free_fn>>.
#include <memory>

namespace lab::sys {

template <auto Free>
struct CFree {
  template <class T>
  void operator()(T* p) const noexcept {
    if (p) Free(p);
  }
};

}  // namespace lab::sys

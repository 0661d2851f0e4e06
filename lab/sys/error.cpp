#include "lab/sys/error.h"

#include <cerrno>
#include <cstring>

namespace lab::sys {

void throwErrno(const std::string& what) {
  int e = errno;
  throw Error(what + ": " + std::strerror(e));
}

}  // namespace lab::sys

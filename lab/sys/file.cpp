#include "lab/sys/file.h"

#include <fstream>
#include <sstream>

#include "lab/sys/error.h"

namespace lab::sys {

std::string readFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void writeFile(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::trunc | std::ios::binary);
  out << text;
  if (!out.flush()) throw Error("cannot write " + file.string());
}

}  // namespace lab::sys

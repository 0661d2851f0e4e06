#include "lab/sys/file.h"

#include <deque>
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

std::vector<std::string> lastLines(const std::vector<std::filesystem::path>& files, std::size_t count,
                                   bool nameLines) {
  std::deque<std::string> lines;
  for (const auto& file : files) {
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
      lines.push_back(nameLines ? file.filename().string() + ": " + line : line);
      if (lines.size() > count) lines.pop_front();
    }
  }
  return {lines.begin(), lines.end()};
}

}  // namespace lab::sys

#include "lab/ike/log_lines.h"

#include <fstream>

namespace lab::ike {

std::string readFrom(const std::filesystem::path& file, std::size_t offset) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  in.seekg(0, std::ios::end);
  auto size = static_cast<std::size_t>(in.tellg());
  if (offset >= size) return {};
  in.seekg(static_cast<std::streamoff>(offset));
  std::string text(size - offset, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

std::vector<std::string> newLines(const std::filesystem::path& file, std::size_t& offset) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) return {};
  if (size < offset) offset = 0;  // the log was replaced
  const std::string text = readFrom(file, offset);
  std::vector<std::string> lines;
  std::size_t begin = 0;
  for (std::size_t nl; (nl = text.find('\n', begin)) != std::string::npos; begin = nl + 1) {
    std::string line = text.substr(begin, nl - begin);
    std::erase(line, '\0');
    if (!line.empty()) lines.push_back(std::move(line));
  }
  offset += begin;
  return lines;
}

}  // namespace lab::ike

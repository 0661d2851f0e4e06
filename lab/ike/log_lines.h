#pragma once
// Reading a daemon's log as it grows (pluto's logfile, charon's filelog).
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace lab::ike {

// The file's bytes from `offset` to its end ("" if none or unreadable).
std::string readFrom(const std::filesystem::path& file, std::size_t offset);

// Complete lines appended since `offset`, which advances past them; a
// partial last line waits for the next call. A file that shrank (replaced)
// is read from the start. NUL bytes and empty lines are dropped.
std::vector<std::string> newLines(const std::filesystem::path& file, std::size_t& offset);

}  // namespace lab::ike

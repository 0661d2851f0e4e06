#pragma once
// Whole small files (configs, logs, keys' public parts).
#include <filesystem>
#include <string>
#include <vector>

namespace lab::sys {

// The file's bytes; "" when it cannot be read.
std::string readFile(const std::filesystem::path& file);
// Replaces the file's contents; throws sys::Error when it cannot be written.
void writeFile(const std::filesystem::path& file, const std::string& text);
// The last `count` lines of `files` read one after the other (for error
// messages quoting a daemon's or a tool's log); a missing file adds none.
// With `nameLines`, each line starts with its file's name and ": ".
std::vector<std::string> lastLines(const std::vector<std::filesystem::path>& files, std::size_t count,
                                   bool nameLines = false);

}  // namespace lab::sys

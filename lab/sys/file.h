#pragma once
// Whole small files (configs, logs, keys' public parts).
#include <filesystem>
#include <string>

namespace lab::sys {

// The file's bytes; "" when it cannot be read.
std::string readFile(const std::filesystem::path& file);
// Replaces the file's contents; throws sys::Error when it cannot be written.
void writeFile(const std::filesystem::path& file, const std::string& text);

}  // namespace lab::sys

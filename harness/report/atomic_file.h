#pragma once
// Writes a whole file so that readers see either the old or the new content:
// a temporary file beside it, then rename. Creates missing parent
// directories. Throws std::runtime_error.
#include <filesystem>
#include <string_view>

namespace harness::report {

void writeFileAtomically(const std::filesystem::path& path, std::string_view content);

}  // namespace harness::report

#pragma once
// Renders a page in a real browser, Debian's chromium, headless: the DOM it
// built (--dump-dom) and a PNG screenshot (--screenshot). Each call has its
// own profile directory, so parallel runs do not share one.
#include <filesystem>
#include <string>

namespace labrun_test {

struct Rendered {
  bool ok = false;
  std::string dom;     // the serialised DOM after parsing (empty if it failed)
  std::string error;   // chromium's exit and output when it failed
};

Rendered renderDom(const std::filesystem::path& html);
// True when png was written (then it is a PNG of width x height pixels).
bool screenshot(const std::filesystem::path& html, const std::filesystem::path& png, int width, int height,
                std::string* error = nullptr);

}  // namespace labrun_test

#pragma once
// The report pages' one inline stylesheet (no font files, no imports):
// verdict colours, tables, and the SVG diagrams' classes.
#include <string>

namespace harness::report::html {

const std::string& stylesheet();
// "<!DOCTYPE html>...<style>...</style></head><body>" with the title escaped.
std::string pageHead(const std::string& title);
std::string pageTail();

}  // namespace harness::report::html

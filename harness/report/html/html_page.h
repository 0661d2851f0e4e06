#pragma once
// A scenario run as one self-contained HTML page (inline CSS and SVG, no
// script, no external reference of any kind): the topology, the hosts and
// connections, then each stage (verdicts, why/fix, IKE ladder, what each
// link carried, with relative links to the pcaps and Wireshark's esp_sa
// file, whose keys the page never reads).
#include <filesystem>
#include <string>

#include "harness/report/html/report_view.h"
#include "harness/report/result.h"

namespace harness::report::html {

// linkBase: the artifacts directory relative to the page ("" = the page is in it).
std::string htmlReport(const ReportView& v, const RunResult& r, const std::string& linkBase);

// Writes the page atomically to `file`, its links relative to file's directory.
// Throws std::runtime_error when it cannot be written.
void writeHtmlReport(const ReportView& v, const RunResult& r, const std::filesystem::path& file);

}  // namespace harness::report::html

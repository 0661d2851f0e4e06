#pragma once
// JUnit XML for CI dashboards: one <testsuite> per scenario run, one
// <testcase classname="labrun.<scenario>.<stage>" name="<check>"> per check.
// Fail -> <failure>, Error -> <error>, Skip -> <skipped/>; a run-level error
// (RunResult::error) becomes an extra errored testcase named "run".
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "harness/report/result.h"

namespace harness::report {

std::string junitXml(const std::vector<RunResult>& runs);
// Writes junitXml(runs) atomically. Throws std::runtime_error on I/O failure.
void writeJunit(const std::vector<RunResult>& runs, const std::filesystem::path& path);

// XML 1.0 escaping. Characters XML cannot carry (C0/C1 controls other than
// tab, newline and carriage return; U+FFFE/U+FFFF) are dropped, invalid UTF-8
// becomes U+FFFD. xmlAttr also encodes tab/newline/CR so they survive
// attribute-value normalisation and escapes both quote characters.
std::string xmlText(std::string_view s);
std::string xmlAttr(std::string_view s);

}  // namespace harness::report

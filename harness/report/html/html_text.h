#pragma once
// Text into HTML and SVG: every string that reaches the page goes through
// esc() (element text and attribute values alike), so a stage name, a log
// line or an address can never open a tag or end an attribute.
#include <string>
#include <string_view>

namespace harness::report::html {

// & < > " ' escaped; invalid UTF-8 bytes become U+FFFD.
std::string esc(std::string_view s);

// A file path or name as a relative link (href): percent-encodes what is
// not unreserved or '/', so "no leftid-A-eth0.pcap" stays one link.
std::string hrefOf(std::string_view path);

// "SA, VID, VID, VID" -> "SA, VID×3": repeated payload names folded.
std::string foldRepeats(const std::string& commaList);

// A stage name as the artifacts' file names spell it (harness/run's
// fileSafe: "no leftid" -> "no-leftid").
std::string fileSafeName(const std::string& s);

}  // namespace harness::report::html

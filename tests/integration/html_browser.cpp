#include "html_browser.h"

#include <unistd.h>

#include <vector>

#include "labrun_cli.h"
#include "lab/sys/process.h"

namespace labrun_test {
namespace fs = std::filesystem;
namespace {

lab::sys::RunResult chromium(const std::vector<std::string>& extra, const std::string& url, bool quiet) {
  static int calls = 0;
  const fs::path profile = scratchFile("chromium-" + std::to_string(++calls));
  // stderr (chromium's own log lines) away from the DOM on stdout.
  std::string script = "exec chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars "
                       "--user-data-dir=\"$1\"";
  for (std::size_t i = 0; i < extra.size(); ++i) script += " \"$" + std::to_string(i + 3) + "\"";
  script += " \"$2\"";
  if (quiet) script += " 2>/dev/null";
  std::vector<std::string> argv = {"sh", "-c", script, "sh", profile.string(), url};
  argv.insert(argv.end(), extra.begin(), extra.end());
  lab::sys::RunOptions o;
  o.package = "chromium";
  o.timeout = std::chrono::seconds(90);
  o.env["HOME"] = profile.string();
  return lab::sys::run(argv, o);
}

}  // namespace

Rendered renderDom(const fs::path& html) {
  auto r = chromium({"--dump-dom"}, "file://" + fs::absolute(html).string(), true);
  Rendered out;
  out.ok = r.ok() && r.out.find("</html>") != std::string::npos;
  if (out.ok) out.dom = r.out;
  else out.error = "chromium exit " + std::to_string(r.exitCode) + (r.timedOut ? " (timed out)" : "") + ": " +
                   r.out.substr(0, 2000);
  return out;
}

bool screenshot(const fs::path& html, const fs::path& png, int width, int height, std::string* error) {
  std::error_code ec;
  fs::remove(png, ec);
  auto r = chromium({"--screenshot=" + fs::absolute(png).string(),
                     "--window-size=" + std::to_string(width) + "," + std::to_string(height)},
                    "file://" + fs::absolute(html).string(), false);
  const bool ok = r.ok() && fs::exists(png) && fs::file_size(png) > 1000;
  if (!ok && error) *error = "chromium exit " + std::to_string(r.exitCode) + ": " + r.out.substr(0, 2000);
  return ok;
}

}  // namespace labrun_test

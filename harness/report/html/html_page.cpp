#include "harness/report/html/html_page.h"

#include <algorithm>

#include "harness/report/atomic_file.h"
#include "harness/report/console_report.h"
#include "harness/report/html/html_style.h"
#include "harness/report/html/html_text.h"
#include "harness/report/html/stage_section.h"
#include "harness/report/html/topology_svg.h"

namespace harness::report::html {
namespace fs = std::filesystem;
namespace {

std::string row(std::initializer_list<std::string> cells, bool escape = true) {
  std::string s = "<tr>";
  for (const auto& c : cells) s += "<td>" + (escape ? esc(c) : c) + "</td>";
  return s + "</tr>\n";
}

std::string hostsTable(const ReportView& v) {
  std::string s = "<table class=\"hosts\">\n<tr><th>host</th><th>segment</th><th>address</th><th>public (1:1 NAT)</th>"
                  "<th>IKE daemon</th></tr>\n";
  for (const auto& h : v.hosts)
    s += row({h.name, h.segment, h.address, h.publicAddr.empty() ? "" : h.publicAddr + " on " + h.behind,
              h.daemon.empty() ? "-" : h.daemon});
  return s + "</table>\n";
}

std::string natsTable(const ReportView& v) {
  if (v.nats.empty()) return "";
  std::string s = "<table class=\"nats\">\n<tr><th>1:1 NAT</th><th>outside</th><th>inside</th><th>maps</th></tr>\n";
  for (const auto& n : v.nats) {
    std::string maps;
    for (const auto& h : v.hosts)
      if (h.behind == n.name && !h.publicAddr.empty())
        maps += (maps.empty() ? "" : "; ") + h.publicAddr + " \xE2\x86\x94 " + h.address.substr(0, h.address.find('/')) +
                " (" + h.name + ")";
    s += row({n.name, n.outsideAddr + " on " + n.outsideSegment, n.insideAddr + " on " + n.insideSegment, maps});
  }
  return s + "</table>\n";
}

std::string connsTable(const ReportView& v) {
  std::string s;
  if (!v.tunnels.empty()) {
    s += "<table class=\"tunnels\">\n<tr><th>tunnel</th><th>kind</th><th>end</th><th>outer local \xE2\x86\x92 remote</th>"
         "<th>inner</th></tr>\n";
    for (const auto& t : v.tunnels)
      for (int i = 0; i < 2; ++i)
        s += row({i == 0 ? t.name : "", i == 0 ? t.type : "", t.hosts[i], t.local[i] + " \xE2\x86\x92 " + t.remote[i],
                  t.inner[i]});
    s += "</table>\n";
  }
  if (v.conns.empty()) return s;
  s += "<table class=\"conns\">\n<tr><th>IPsec connection</th><th>mode</th><th>IKE</th><th>end (left = this end, in its"
       " own config)</th><th>settings, every stage</th><th>daemon, release and version</th></tr>\n";
  for (const auto& c : v.conns)
    for (int i = 0; i < 2; ++i) {
      const std::string peer = c.hosts[1 - i];
      s += row({i == 0 ? c.name + " (" + c.tunnel + ")" : "", i == 0 ? c.mode : "",
                i == 0 ? c.ike + ", " + c.auth + ", initiator " + c.initiator : "",
                c.hosts[i] + ": left=" + c.hosts[i] + ", right=" + peer,
                c.settings[i].empty() ? "labrun's defaults" : c.settings[i], c.daemon[i].empty() ? "-" : c.daemon[i]});
    }
  return s + "</table>\n";
}

std::string summary(const RunResult& r, const std::string& linkBase) {
  std::size_t passed = 0;
  for (const auto& c : r.checks) passed += c.verdict == Verdict::Pass ? 1 : 0;
  const bool ok = r.exitCode == 0 && r.error.empty();
  std::string s = "<p class=\"summary\"><span class=\"verdict " + std::string(ok ? "pass" : "fail") + "\">" +
                  (ok ? "PASS" : "FAIL") + "</span> " + std::to_string(passed) + " of " +
                  std::to_string(r.checks.size()) + " checks passed \xC2\xB7 exit code " + std::to_string(r.exitCode);
  if (!r.lab.empty()) s += " \xC2\xB7 lab " + esc(r.lab);
  if (!r.kernel.empty()) s += " \xC2\xB7 " + esc(r.kernel) + " kernel" + (r.kernelWhy.empty() ? "" : " (" + esc(r.kernelWhy) + ")");
  s += "</p>\n";
  if (r.esp.total() > 0) s += "<p>" + esc(r.esp.describe()) + " (every captured link)</p>\n";
  s += "<p class=\"settings\">times: boot " + esc(formatDuration(r.times.boot)) + ", build " +
       esc(formatDuration(r.times.build)) + ", checks " + esc(formatDuration(r.times.checks)) + ", teardown " +
       esc(formatDuration(r.times.teardown)) + "</p>\n";
  if (!r.error.empty()) s += "<div class=\"error-box\"><b>The run did not complete:</b> " + esc(r.error) + "</div>\n";
  if (r.esp.total() > 0) {
    const std::string base = linkBase.empty() ? "" : linkBase + "/";
    s += "<p>Wireshark decrypts the pcaps with the SAs in <a href=\"" + esc(hrefOf(base + "wireshark/esp_sa")) +
         "\">wireshark/esp_sa</a> (0600): <code>WIRESHARK_CONFIG_DIR=" + esc(base.empty() ? "." : linkBase) +
         "/wireshark wireshark FILE.pcap</code></p>\n";
  }
  return s;
}

}  // namespace

std::string htmlReport(const ReportView& v, const RunResult& r, const std::string& linkBase) {
  std::string s = pageHead("labrun: " + v.scenario);
  s += "<header>\n<h1>labrun \xC2\xB7 " + esc(v.scenario) + "</h1>\n<p class=\"about\">" + esc(v.about) + "</p>\n" +
       summary(r, linkBase) + "</header>\n";
  s += "<section id=\"topology\">\n<h2>Topology</h2>\n<div class=\"diagram\">\n" + topologySvg(v) + "</div>\n" +
       hostsTable(v) + natsTable(v) + connsTable(v) + "</section>\n";
  std::vector<StageView> stages = v.stages;
  for (const auto& c : r.checks)  // a result without its scenario's stage list: the stages its checks name
    if (std::none_of(stages.begin(), stages.end(), [&](const StageView& st) { return st.name == c.stage; }))
      stages.push_back({c.stage, {}});
  for (std::size_t i = 0; i < stages.size(); ++i) s += stageSection(i, stages[i], v, r, linkBase);
  s += "<footer class=\"settings\">Written by labrun; every file linked here is in the run's artifacts directory.</footer>\n";
  return s + pageTail();
}

void writeHtmlReport(const ReportView& v, const RunResult& r, const fs::path& file) {
  std::string base;
  if (!r.artifactsDir.empty()) {
    const fs::path dir = fs::absolute(file).parent_path();
    const fs::path rel = fs::absolute(r.artifactsDir).lexically_relative(dir);
    base = rel.empty() ? fs::absolute(r.artifactsDir).string() : rel.string();
    if (base == ".") base.clear();
  }
  writeFileAtomically(file, htmlReport(v, r, base));
}

}  // namespace harness::report::html

#include "harness/report/html/stage_section.h"

#include <algorithm>

#include "harness/report/console_report.h"
#include "harness/report/html/html_text.h"
#include "harness/report/html/ladder_notes.h"
#include "harness/report/html/ladder_svg.h"

namespace harness::report::html {
namespace {

std::string badge(const std::string& verdict) {
  std::string upper = verdict;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  return "<span class=\"verdict " + esc(verdict) + "\">" + esc(upper) + "</span>";
}

// The checks' "why: ..." lines, each once.
std::vector<std::string> whyLines(const std::vector<const CheckResult*>& checks) {
  std::vector<std::string> out;
  for (const auto* c : checks) {
    std::size_t pos = 0;
    while (pos < c->detail.size()) {
      const auto nl = c->detail.find('\n', pos);
      const std::string line = c->detail.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
      if (line.rfind("why: ", 0) == 0 && std::find(out.begin(), out.end(), line.substr(5)) == out.end())
        out.push_back(line.substr(5));
      pos = nl == std::string::npos ? c->detail.size() : nl + 1;
    }
  }
  return out;
}

std::string link(const std::string& base, const std::string& file, const std::string& text) {
  return "<a href=\"" + esc(hrefOf(base.empty() ? file : base + "/" + file)) + "\">" + esc(text) + "</a>";
}

std::string checksTable(const std::vector<const CheckResult*>& checks) {
  std::string s = "<table class=\"checks\">\n<tr><th>verdict</th><th>check</th><th>time</th><th>detail</th></tr>\n";
  for (const auto* c : checks)
    s += "<tr class=\"check\"><td>" + badge(verdictName(c->verdict)) + "</td><td class=\"mono\">" + esc(c->check) +
         "</td><td>" + esc(formatDuration(c->seconds)) + "</td><td><details><summary>" +
         esc(c->detail.substr(0, c->detail.find('\n')).substr(0, 120)) + "</summary><pre>" + esc(c->detail) +
         "</pre></details></td></tr>\n";
  return s + "</table>\n";
}

std::string linksTable(const std::vector<const LinkStacks*>& links, const std::string& base) {
  std::string s = "<table class=\"links\">\n<tr><th>link</th><th>capture</th><th>decoded stacks "
                  "(outer, [what ESP carried, decrypted])</th><th>packets</th></tr>\n";
  for (const auto* l : links) {
    std::string txt = l->pcap.size() > 5 ? l->pcap.substr(0, l->pcap.size() - 5) + ".txt" : l->pcap;
    std::string stacks, counts;
    std::size_t total = 0;
    for (const auto& st : l->stacks) {
      stacks += "<div class=\"mono\">" + esc(st.stack) +
                (st.from.empty() ? "" : "  " + esc(st.from) + " \xE2\x86\x92 " + esc(st.to)) + "</div>";
      counts += "<div>" + std::to_string(st.count) + "</div>";
      total += st.count;
    }
    if (l->stacks.empty()) stacks = "<div class=\"settings\">nothing captured</div>";
    s += "<tr class=\"link\" data-link=\"" + esc(l->node + ":" + l->iface) + "\"><td class=\"mono\">" +
         esc(l->node + ":" + l->iface) + "</td><td>" + link(base, l->pcap, "pcap") + " \xC2\xB7 " +
         link(base, txt, "decoded") + "</td><td>" + stacks + "</td><td>" + counts +
         (l->stacks.size() > 1 ? "<div><b>" + std::to_string(total) + "</b></div>" : "") + "</td></tr>\n";
  }
  return s + "</table>\n";
}

}  // namespace

std::string stageVerdict(const std::vector<const CheckResult*>& checks) {
  std::string v = "pass";
  for (const auto* c : checks) {
    if (c->verdict == Verdict::Error) return "error";
    if (c->verdict == Verdict::Fail) v = "fail";
  }
  return v;
}

std::string stageSection(std::size_t index, const StageView& stage, const ReportView& v, const RunResult& r,
                         const std::string& linkBase) {
  std::vector<const CheckResult*> checks;
  for (const auto& c : r.checks)
    if (c.stage == stage.name) checks.push_back(&c);
  const std::string verdict = checks.empty() ? "notrun" : stageVerdict(checks);
  std::string s = "<section class=\"stage " + esc(verdict) + "\" id=\"stage-" + std::to_string(index + 1) +
                  "\" data-stage=\"" + esc(stage.name) + "\" data-verdict=\"" + esc(verdict) + "\">\n";
  s += "<h2>Stage " + std::to_string(index + 1) + ": " + esc(stage.name) + " " +
       (checks.empty() ? badge("notrun") : badge(verdict)) + "</h2>\n";
  for (const auto& set : stage.settings) s += "<div class=\"settings mono\">" + esc(set) + "</div>\n";
  if (checks.empty()) return s + "<p>Not run (the run ended before this stage).</p>\n</section>\n";
  s += checksTable(checks);
  for (const auto& why : whyLines(checks)) s += "<div class=\"why\"><b>Why, and the fix:</b> " + esc(why) + "</div>\n";

  for (const auto& ladder : r.ikeLadders) {
    if (ladder.stage != stage.name) continue;
    auto entries = parseLadder(ladder.lines);
    annotateNotifies(entries, checks, lifelinesOf(v));
    std::size_t messages = 0;
    for (const auto& e : entries) messages += e.message ? 1 : 0;
    s += "<h3>IKE on the wire (" + std::to_string(messages) + " messages)</h3>\n<div class=\"diagram\">\n" +
         ladderSvg(v, entries, "IKE ladder of stage " + stage.name) + "</div>\n";
    s += "<p class=\"settings\">" + link(linkBase, fileSafeName(stage.name) + "-ike-ladder.txt", "the ladder as text") +
         "</p>\n";
  }
  std::vector<const LinkStacks*> links;
  for (const auto& l : r.links)
    if (l.stage == stage.name) links.push_back(&l);
  if (!links.empty()) s += "<h3>What each link carried</h3>\n" + linksTable(links, linkBase);
  return s + "</section>\n";
}

}  // namespace harness::report::html

#include "harness/report/html/ladder_svg.h"

#include <algorithm>

#include "harness/report/html/html_text.h"
#include "harness/report/html/svg.h"

namespace harness::report::html {
namespace {

constexpr double kLeft = 96, kGap = 250, kRight = 120, kHead = 58, kRow = 46, kNoteRow = 30;

std::string bare(const std::string& prefixed) { return prefixed.substr(0, prefixed.find('/')); }

Lifeline hostLine(const ReportView& v, const HostView& h) {
  Lifeline l{h.name, bare(h.address), false, {bare(h.address)}};
  if (!h.publicAddr.empty()) {
    l.detail += " (public " + h.publicAddr + ")";
    l.addresses.push_back(h.publicAddr);
  }
  for (const auto& t : v.tunnels)
    for (int i = 0; i < 2; ++i)
      if (t.hosts[i] == h.name) l.addresses.push_back(bare(t.inner[i]));
  return l;
}

Lifeline natLine(const ReportView& v, const NatView& n) {
  Lifeline l{n.name, "1:1 NAT", true, {n.insideAddr, n.outsideAddr}};
  for (const auto& h : v.hosts)
    if (h.behind == n.name && !h.publicAddr.empty()) l.detail += " " + h.publicAddr + " \xE2\x86\x94 " + bare(h.address);
  return l;
}

int indexOf(std::vector<Lifeline>& lines, const std::string& addr) {
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (std::find(lines[i].addresses.begin(), lines[i].addresses.end(), addr) != lines[i].addresses.end())
      return static_cast<int>(i);
  lines.push_back({addr, "not a lab address", false, {addr}});
  return static_cast<int>(lines.size() - 1);
}

// The NAT a host sits behind ("" if none), by lifeline index.
std::string behindOf(const ReportView& v, const Lifeline& l) {
  if (const auto* h = v.host(l.name)) return h->behind;
  return "";
}

std::string messageTitle(const LadderMessage& m) {
  return m.version + " " + m.exchange + " " + m.kind + " \xC2\xB7 #" + m.id;
}

std::string payloadText(const LadderMessage& m) {
  std::string list;
  for (const auto& p : m.payloads) list += (list.empty() ? "" : ", ") + p;
  return "[" + foldRepeats(list) + "]" + (m.retransmission ? " (retransmission)" : "");
}

}  // namespace

std::vector<Lifeline> lifelinesOf(const ReportView& v) {
  std::vector<Lifeline> plain, out;
  for (const auto& h : v.hosts)
    if (h.behind.empty()) plain.push_back(hostLine(v, h));
  for (std::size_t n = 0; n < v.nats.size(); ++n) {
    std::vector<Lifeline> group;
    for (const auto& h : v.hosts)
      if (h.behind == v.nats[n].name) group.push_back(hostLine(v, h));
    if (n == 0 && v.nats.size() > 1) {  // hosts, then their NAT, left of the plain hosts
      out.insert(out.end(), group.begin(), group.end());
      out.push_back(natLine(v, v.nats[n]));
      continue;
    }
    if (n == 0 || v.nats.size() > 1) out.insert(out.end(), plain.begin(), plain.end()), plain.clear();
    out.push_back(natLine(v, v.nats[n]));
    out.insert(out.end(), group.begin(), group.end());
  }
  out.insert(out.end(), plain.begin(), plain.end());
  return out;
}

std::string ladderSvg(const ReportView& v, const std::vector<LadderEntry>& entries, const std::string& label) {
  auto lines = lifelinesOf(v);
  struct Row {
    const LadderEntry* e;
    int from = -1, to = -1;
  };
  std::vector<Row> rows;
  for (const auto& e : entries) {
    Row r{&e};
    if (e.message) {
      r.from = indexOf(lines, e.message->src);
      r.to = indexOf(lines, e.message->dst);
    }
    rows.push_back(r);
  }
  double height = kHead + 24;
  for (const auto& r : rows)
    height += r.e->message ? kRow + 14.0 * r.e->message->notes.size() : kNoteRow;
  const double width = kLeft + kGap * static_cast<double>(std::max<std::size_t>(lines.size(), 2) - 1) + kRight;
  auto xOf = [&](int i) { return kLeft + kGap * i; };

  std::string s = svg::open(width, height, "ladder", label);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const double x = xOf(static_cast<int>(i));
    const std::string cls = lines[i].nat ? "lifeline nat" : "lifeline host";
    s += "<g class=\"" + cls + "\" data-name=\"" + esc(lines[i].name) + "\">\n";
    s += svg::rect(x - 110, 6, 220, 40, "lhead");
    s += svg::text(x, 23, lines[i].name, "lname", "middle");
    s += svg::text(x, 39, lines[i].detail, "ldetail", "middle");
    s += svg::line(x, 46, x, height - 6, "lline");
    s += "</g>\n";
  }
  double y = kHead;
  for (const auto& r : rows) {
    if (!r.e->message) {  // a note: a daemon's outcome line, on the host it names if any
      int at = -1;
      for (std::size_t i = 0; i < lines.size() && at < 0; ++i)
        if (r.e->text.find(" " + lines[i].name + " ") != std::string::npos ||
            r.e->text.find(" " + lines[i].name + ":") != std::string::npos)
          at = static_cast<int>(i);
      const double x = at >= 0 ? xOf(at) - 100 : 8;
      s += "<g class=\"note\">\n" + svg::rect(x, y + 4, std::min(width - x - 4, 8.0 + 6.6 * r.e->text.size()), 20, "notebox", 2) +
           svg::text(x + 5, y + 18, r.e->text, "notetext") + "</g>\n";
      y += kNoteRow;
      continue;
    }
    const LadderMessage& m = *r.e->message;
    std::string failNotify;
    for (const auto& n : m.notifies())
      if (isErrorNotify(n)) failNotify = n;
    for (const auto& n : m.notes)
      if (failNotify.empty() && n.rfind("N(", 0) == 0) failNotify = n.substr(2, n.find(')') - 2);
    std::string cls = "msg";
    if (!failNotify.empty()) cls += " fail";
    if (m.retransmission) cls += " retrans";
    s += "<g class=\"" + cls + "\" data-exchange=\"" + esc(m.exchange) + "\"" +
         (failNotify.empty() ? "" : " data-notify=\"" + esc(failNotify) + "\"") + ">\n";
    const double x1 = xOf(r.from), x2 = xOf(r.to), ay = y + 32;
    const int dir = x2 >= x1 ? 1 : -1;
    s += svg::text(8, ay + 4, m.time, "mtime");
    s += svg::line(x1, ay, x2 - dir * 8, ay, "arrow");
    s += svg::arrowHead(x2, ay, dir, "head");
    const double mid = (x1 + x2) / 2;
    s += svg::text(mid, ay - 19, (failNotify.empty() ? "" : "\xE2\x9C\x96 ") + messageTitle(m), "mtitle", "middle");
    s += svg::text(mid, ay - 6, payloadText(m), "mpayloads", "middle");
    // Crossing a NAT: a dot on its lifeline and the translation it made.
    for (int k = std::min(r.from, r.to) + 1; k < std::max(r.from, r.to); ++k) {
      if (!lines[k].nat) continue;
      s += svg::circle(xOf(k), ay, 4, "natdot");
      const std::string inside = behindOf(v, lines[r.from]) == lines[k].name ? m.src
                                 : behindOf(v, lines[r.to]) == lines[k].name ? m.dst : "";
      const HostView* h = v.host(lines[behindOf(v, lines[r.from]) == lines[k].name ? r.from : r.to].name);
      if (!inside.empty() && h && !h->publicAddr.empty())
        s += svg::text(xOf(k) + 6, ay + 13, bare(h->address) + " \xE2\x87\x84 " + h->publicAddr, "nattext");
    }
    double ny = ay + 14;
    for (const auto& n : m.notes) {
      s += svg::text(mid, ny + 12, n, "mnote", "middle");
      ny += 14;
    }
    s += "</g>\n";
    y += kRow + 14.0 * m.notes.size();
  }
  s += svg::close();
  return s;
}

}  // namespace harness::report::html

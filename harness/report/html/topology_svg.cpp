#include "harness/report/html/topology_svg.h"

#include <algorithm>
#include <map>

#include "harness/report/html/html_text.h"
#include "harness/report/html/svg.h"

namespace harness::report::html {
namespace {

constexpr double kHostW = 200, kHostH = 66, kNatW = 230, kNatH = 84, kPad = 24, kDrop = 44;

struct Box {
  double x, y, w, h;
  double cx() const { return x + w / 2; }
  double bottom() const { return y + h; }
};

std::string bare(const std::string& p) { return p.substr(0, p.find('/')); }

class Layout {
 public:
  explicit Layout(const ReportView& v) : v_(v) {}

  double segWidth(const std::string& seg) const {
    double w = 0;
    int n = 0;
    for (const auto& h : v_.hosts)
      if (h.segment == seg) w += kHostW, ++n;
    for (const auto& nat : v_.nats)
      if (nat.outsideSegment == seg) w += natWidth(nat), ++n;
    return std::max(240.0, w + kPad * (n + 1));
  }
  double natWidth(const NatView& n) const { return std::max(kNatW, segWidth(n.insideSegment)); }

  // Draws segment `seg` with its bar at y across [x, x + width); returns its depth's bottom.
  double drawSegment(const std::string& seg, double x, double y, std::string& s) {
    const double w = segWidth(seg);
    const SegmentView* sv = nullptr;
    for (const auto& g : v_.segments)
      if (g.name == seg) sv = &g;
    s += "<g class=\"segment\" data-name=\"" + esc(seg) + "\">\n";
    s += svg::line(x + 8, y, x + w - 8, y, "bar");
    s += svg::text(x + 10, y - 6, seg + (sv ? "  " + sv->subnet : ""), "seglabel");
    s += "</g>\n";
    segBars_[seg] = {x + 8, y, w - 16, 0};
    double cx = x + kPad, bottom = y;
    for (const auto& h : v_.hosts) {
      if (h.segment != seg) continue;
      const Box b{cx, y + kDrop, kHostW, kHostH};
      s += svg::line(b.cx(), y, b.cx(), b.y, "drop");
      s += svg::text(b.cx() + 4, y + 16, bare(h.address), "addr");
      drawHost(h, b, s);
      hosts_[h.name] = b;
      bottom = std::max(bottom, b.bottom());
      cx += kHostW + kPad;
    }
    for (const auto& n : v_.nats) {
      if (n.outsideSegment != seg) continue;
      const double nw = natWidth(n);
      const Box b{cx + (nw - kNatW) / 2, y + kDrop, kNatW, kNatH};
      s += svg::line(b.cx(), y, b.cx(), b.y, "drop");
      s += svg::text(b.cx() + 4, y + 16, n.outsideAddr, "addr");
      drawNat(n, b, s);
      const double iy = b.bottom() + kDrop;
      s += svg::line(b.cx(), b.bottom(), b.cx(), iy, "drop");
      s += svg::text(b.cx() + 4, b.bottom() + 16, n.insideAddr, "addr");
      bottom = std::max(bottom, drawSegment(n.insideSegment, cx, iy, s));
      cx += nw + kPad;
    }
    return bottom;
  }

  void drawHost(const HostView& h, const Box& b, std::string& s) {
    s += "<g class=\"host\" data-name=\"" + esc(h.name) + "\">\n";
    s += svg::rect(b.x, b.y, b.w, b.h, "hostbox");
    s += svg::text(b.x + 10, b.y + 18, h.name, "hname");
    s += svg::text(b.x + 10, b.y + 34, h.address + (h.publicAddr.empty() ? "" : "  public " + h.publicAddr), "hdetail");
    if (!h.daemon.empty()) s += svg::text(b.x + 10, b.y + 50, h.daemon.substr(0, h.daemon.find(" (")), "hdaemon");
    s += "</g>\n";
  }

  void drawNat(const NatView& n, const Box& b, std::string& s) {
    s += "<g class=\"nat\" data-name=\"" + esc(n.name) + "\">\n";
    s += svg::rect(b.x, b.y, b.w, b.h, "natbox");
    s += svg::text(b.x + 10, b.y + 18, n.name + "  1:1 NAT", "hname");
    double ty = b.y + 36;
    for (const auto& h : v_.hosts)
      if (h.behind == n.name && !h.publicAddr.empty()) {
        s += svg::text(b.x + 10, ty, h.publicAddr + " \xE2\x86\x94 " + bare(h.address) + " (" + h.name + ")", "natmap");
        ty += 16;
      }
    s += svg::text(b.x + 10, b.bottom() - 8, "outside " + n.outsideAddr + " \xC2\xB7 inside " + n.insideAddr, "hdetail");
    s += "</g>\n";
  }

  const std::map<std::string, Box>& hosts() const { return hosts_; }
  const std::map<std::string, Box>& bars() const { return segBars_; }

 private:
  const ReportView& v_;
  std::map<std::string, Box> hosts_, segBars_;
};

// A curve under two host boxes, labelled at its lowest point; returns that point's y.
double link(const Box& a, const Box& b, double depth, const std::string& cls, const std::string& label,
            std::string& s) {
  const double x1 = a.cx() - 30, y1 = a.bottom(), x2 = b.cx() - 30, y2 = b.bottom();
  const double cy = std::max(y1, y2) + depth;
  s += svg::path("M " + svg::num(x1) + " " + svg::num(y1) + " C " + svg::num(x1) + " " + svg::num(cy) + ", " +
                     svg::num(x2) + " " + svg::num(cy) + ", " + svg::num(x2) + " " + svg::num(y2),
                 cls);
  const double my = (y1 + 3 * cy + 3 * cy + y2) / 8;
  s += svg::text((x1 + x2) / 2, my + 15, label, cls + "-label", "middle");
  return my + 20;
}

}  // namespace

std::string topologySvg(const ReportView& v) {
  Layout layout(v);
  std::vector<std::string> top;
  for (const auto& g : v.segments) {
    bool inside = false;
    for (const auto& n : v.nats) inside = inside || n.insideSegment == g.name;
    if (!inside) top.push_back(g.name);
  }
  std::string body;
  const double barY = v.routed() ? 110 : 40;
  double x = 10, bottom = barY;
  for (const auto& seg : top) {
    bottom = std::max(bottom, layout.drawSegment(seg, x, barY, body));
    x += layout.segWidth(seg) + 20;
  }
  double width = std::max(x, 520.0);
  if (v.routed()) {
    const Box r{width / 2 - 80, 14, 160, 44};
    body += "<g class=\"router\">\n" + svg::rect(r.x, r.y, r.w, r.h, "routerbox") +
            svg::text(r.cx(), r.y + 19, "router", "hname", "middle") +
            svg::text(r.cx(), r.y + 35, "routes between segments", "hdetail", "middle") + "</g>\n";
    for (const auto& g : v.segments) {
      if (g.gateway.empty() || !layout.bars().count(g.name)) continue;
      const Box& bar = layout.bars().at(g.name);
      const double bx = std::clamp(r.cx(), bar.x + 20, bar.x + bar.w - 20);
      body += svg::line(r.cx(), r.bottom(), bx, bar.y, "drop");
      body += svg::text(bx + 4, bar.y - 22, g.gateway, "addr");
    }
  }
  double depth = 56, linksBottom = bottom;
  for (const auto& t : v.tunnels) {
    if (!layout.hosts().count(t.hosts[0]) || !layout.hosts().count(t.hosts[1])) continue;
    const auto& a = layout.hosts().at(t.hosts[0]);
    const auto& b = layout.hosts().at(t.hosts[1]);
    linksBottom = std::max(linksBottom, link(a, b, depth, "tunnel", t.type + " " + t.name + "  " + t.inner[0] +
                                                                         " \xE2\x87\x84 " + t.inner[1], body));
    for (const auto& c : v.conns) {
      if (c.tunnel != t.name) continue;
      depth += 48;
      linksBottom = std::max(linksBottom, link(a, b, depth, "ipsec", "IPsec " + c.name + ": " +
                                                                           c.mode.substr(0, c.mode.find(" (")) + ", " +
                                                                           c.ike + ", " + c.auth, body));
    }
    depth += 48;
  }
  std::string s = svg::open(width, linksBottom + 16, "topology", "topology of " + v.scenario);
  s += body;
  s += svg::close();
  return s;
}

}  // namespace harness::report::html

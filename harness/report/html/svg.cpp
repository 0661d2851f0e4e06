#include "harness/report/html/svg.h"

#include <cstdio>

#include "harness/report/html/html_text.h"

namespace harness::report::html::svg {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

std::string open(double width, double height, const std::string& cssClass, const std::string& label) {
  return "<svg class=\"" + esc(cssClass) + "\" width=\"" + num(width) +
         "\" height=\"" + num(height) + "\" viewBox=\"0 0 " + num(width) + " " + num(height) +
         "\" role=\"img\" aria-label=\"" + esc(label) + "\">\n";
}

std::string close() { return "</svg>\n"; }

std::string line(double x1, double y1, double x2, double y2, const std::string& cssClass) {
  return "<line class=\"" + esc(cssClass) + "\" x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) +
         "\" y2=\"" + num(y2) + "\"/>\n";
}

std::string rect(double x, double y, double w, double h, const std::string& cssClass, double radius) {
  return "<rect class=\"" + esc(cssClass) + "\" x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w) +
         "\" height=\"" + num(h) + "\" rx=\"" + num(radius) + "\"/>\n";
}

std::string circle(double cx, double cy, double r, const std::string& cssClass) {
  return "<circle class=\"" + esc(cssClass) + "\" cx=\"" + num(cx) + "\" cy=\"" + num(cy) + "\" r=\"" + num(r) +
         "\"/>\n";
}

std::string text(double x, double y, const std::string& s, const std::string& cssClass, const std::string& anchor) {
  return "<text class=\"" + esc(cssClass) + "\" x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" +
         esc(anchor) + "\">" + esc(s) + "</text>\n";
}

std::string arrowHead(double x, double y, int dir, const std::string& cssClass) {
  const double back = x - dir * 9;
  return "<polygon class=\"" + esc(cssClass) + "\" points=\"" + num(x) + "," + num(y) + " " + num(back) + "," +
         num(y - 4.5) + " " + num(back) + "," + num(y + 4.5) + "\"/>\n";
}

std::string path(const std::string& d, const std::string& cssClass) {
  return "<path class=\"" + esc(cssClass) + "\" d=\"" + esc(d) + "\"/>\n";
}

}  // namespace harness::report::html::svg

#pragma once
// A few SVG shapes as text, for the topology and the ladder diagrams. Every
// text argument is escaped here; numbers are pixels.
#include <string>

namespace harness::report::html::svg {

std::string open(double width, double height, const std::string& cssClass, const std::string& label);
std::string close();
std::string line(double x1, double y1, double x2, double y2, const std::string& cssClass);
std::string rect(double x, double y, double w, double h, const std::string& cssClass, double radius = 4);
std::string circle(double cx, double cy, double r, const std::string& cssClass);
// anchor: "start", "middle", "end"
std::string text(double x, double y, const std::string& s, const std::string& cssClass,
                 const std::string& anchor = "start");
// A filled triangle pointing right (dir = 1) or left (dir = -1) with its tip at (x, y).
std::string arrowHead(double x, double y, int dir, const std::string& cssClass);
std::string path(const std::string& d, const std::string& cssClass);
std::string num(double v);  // "12.5", no locale

}  // namespace harness::report::html::svg

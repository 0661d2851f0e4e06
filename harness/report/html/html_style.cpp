#include "harness/report/html/html_style.h"

#include "harness/report/html/html_text.h"

namespace harness::report::html {

const std::string& stylesheet() {
  static const std::string css = R"css(
:root { color-scheme: light; --pass: #1e7e34; --fail: #c0392b; --err: #8e44ad; --skip: #b9770e; --ink: #1f2933; }
body { font-family: system-ui, "DejaVu Sans", Arial, sans-serif; color: var(--ink); margin: 24px; background: #fbfbfd; }
h1 { margin: 0 0 4px 0; font-size: 26px; } h2 { font-size: 20px; margin: 28px 0 8px 0; } h3 { font-size: 15px; margin: 16px 0 6px 0; }
p.about { margin: 0 0 10px 0; color: #52606d; }
code, pre, .mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
pre { background: #f1f3f5; padding: 8px 10px; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0; }
table { border-collapse: collapse; margin: 6px 0 10px 0; background: #fff; }
th, td { border: 1px solid #d9dee3; padding: 4px 8px; text-align: left; vertical-align: top; font-size: 13.5px; }
th { background: #eef1f4; }
.verdict { display: inline-block; min-width: 44px; text-align: center; padding: 1px 8px; border-radius: 10px; color: #fff; font-weight: 700; font-size: 12.5px; }
.verdict.pass { background: var(--pass); } .verdict.fail { background: var(--fail); } .verdict.error { background: var(--err); }
.verdict.skip, .verdict.unsupported { background: var(--skip); } .verdict.timeout { background: var(--fail); } .verdict.notrun { background: #7b8794; }
section.stage { border-left: 6px solid #d9dee3; padding: 2px 0 8px 14px; margin: 18px 0; background: #fff; }
section.stage.pass { border-left-color: var(--pass); } section.stage.fail { border-left-color: var(--fail); }
.why { background: #fff8e1; border: 1px solid #f0d48a; border-radius: 4px; padding: 6px 10px; margin: 6px 0; }
.error-box { background: #fdecea; border: 1px solid var(--fail); padding: 8px 10px; border-radius: 4px; }
.settings { color: #52606d; margin: 2px 0 6px 0; }
.diagram { overflow-x: auto; max-width: 100%; }
svg text { font-family: system-ui, "DejaVu Sans", Arial, sans-serif; }
svg .bar { stroke: #3e4c59; stroke-width: 4; } svg .drop { stroke: #7b8794; stroke-width: 1.5; }
svg .seglabel { font-size: 13px; font-weight: 700; fill: #3e4c59; } svg .addr { font-size: 11.5px; fill: #1f4e79; }
svg .hostbox { fill: #e8f1fb; stroke: #1f4e79; stroke-width: 1.5; } svg .natbox { fill: #fff4e5; stroke: #b9770e; stroke-width: 2; }
svg .routerbox { fill: #eef1f4; stroke: #3e4c59; stroke-width: 1.5; }
svg .hname { font-size: 14px; font-weight: 700; } svg .hdetail { font-size: 11.5px; fill: #3e4c59; }
svg .hdaemon { font-size: 11.5px; fill: #52606d; font-style: italic; } svg .natmap { font-size: 12.5px; font-weight: 700; fill: #8a5a00; }
svg .tunnel { fill: none; stroke: #2471a3; stroke-width: 2.5; } svg .tunnel-label { font-size: 12px; fill: #2471a3; }
svg .ipsec { fill: none; stroke: #1e7e34; stroke-width: 3; stroke-dasharray: 8 4; } svg .ipsec-label { font-size: 12px; fill: #1e7e34; font-weight: 700; }
svg .lhead { fill: #e8f1fb; stroke: #1f4e79; } svg .lifeline.nat .lhead { fill: #fff4e5; stroke: #b9770e; }
svg .lname { font-size: 13.5px; font-weight: 700; } svg .ldetail { font-size: 11px; fill: #3e4c59; }
svg .lline { stroke: #9aa5b1; stroke-width: 1.5; stroke-dasharray: 4 3; }
svg .arrow { stroke: #1f2933; stroke-width: 1.6; } svg .head { fill: #1f2933; }
svg .mtitle { font-size: 12px; font-weight: 600; } svg .mpayloads { font-size: 11px; fill: #52606d; }
svg .mtime { font-size: 11px; fill: #7b8794; } svg .mnote { font-size: 11px; fill: var(--fail); font-weight: 700; }
svg .msg.retrans .arrow { stroke-dasharray: 5 4; stroke: #7b8794; } svg .msg.retrans .head { fill: #7b8794; }
svg .msg.retrans .mtitle { fill: #7b8794; font-weight: 400; }
svg .msg.fail .arrow { stroke: var(--fail); stroke-width: 3; } svg .msg.fail .head { fill: var(--fail); }
svg .msg.fail .mtitle, svg .msg.fail .mpayloads { fill: var(--fail); font-weight: 700; }
svg .natdot { fill: #b9770e; } svg .nattext { font-size: 10px; fill: #8a5a00; }
svg .notebox { fill: #fffbe6; stroke: #d4b106; } svg .notetext { font-size: 11px; font-family: "DejaVu Sans Mono", monospace; }
td.cell { font-size: 12.5px; white-space: nowrap; } td.cell a { color: inherit; text-decoration: none; display: block; }
td.cell.pass { background: #d4edda; } td.cell.fail, td.cell.timeout { background: #f8d7da; } td.cell.error { background: #e8daef; }
td.cell.unsupported, td.cell.skip { background: #fdebd0; } td.cell.notrun, td.cell.na { background: #eef1f4; color: #7b8794; }
)css";
  return css;
}

std::string pageHead(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(title) +
         "</title>\n<style>" + stylesheet() + "</style>\n</head>\n<body>\n";
}

std::string pageTail() { return "</body>\n</html>\n"; }

}  // namespace harness::report::html

#include "harness/capture/xfrm_counters.h"

#include <cstdlib>
#include <sstream>

#include "lab/netns/netns.h"
#include "lab/sys/error.h"
#include "lab/sys/process.h"

namespace harness::capture {
namespace {

// The word after `key` in words, or "".
std::string after(const std::vector<std::string>& words, const std::string& key) {
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] == key) return words[i + 1];
  }
  return {};
}

std::vector<std::string> split(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::uint64_t leadingNumber(const std::string& s) {
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') break;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

}  // namespace

std::vector<XfrmSaCounters> parseXfrmState(const std::string& text) {
  std::vector<XfrmSaCounters> out;
  std::istringstream in(text);
  bool inCurrent = false;
  for (std::string line; std::getline(in, line);) {
    auto w = split(line);
    if (w.empty()) continue;
    if (line[0] != ' ' && line[0] != '\t' && w[0] == "src") {  // a new SA
      out.emplace_back();
      auto s = lab::Ip4::parse(after(w, "src"));
      auto d = lab::Ip4::parse(after(w, "dst"));
      if (s) out.back().src = *s;
      if (d) out.back().dst = *d;
      inCurrent = false;
      continue;
    }
    if (out.empty()) continue;
    XfrmSaCounters& sa = out.back();
    if (w[0] == "proto") {
      sa.proto = after(w, "proto");
      std::string spi = after(w, "spi");  // "0x00001002(4098)"
      sa.spi = static_cast<std::uint32_t>(std::strtoul(spi.c_str(), nullptr, 0));  // stops at "("
      sa.mode = after(w, "mode");
    } else if (w[0] == "encap") {
      sa.udpEncap = after(w, "type") == "espinudp" || after(w, "type") == "espinudp-nonike";
    } else if (w[0] == "anti-replay") {
      std::string oseq = after(w, "oseq");  // "0x2,"
      sa.oseq = static_cast<std::uint32_t>(std::strtoul(oseq.c_str(), nullptr, 16));
    } else if (w[0] == "lifetime") {
      inCurrent = w.size() > 1 && w[1] == "current:";
    } else if (inCurrent && w.size() >= 2 && w[0].find("(bytes),") != std::string::npos) {
      sa.bytes = leadingNumber(w[0]);  // "176(bytes), 2(packets)"
      sa.packets = leadingNumber(w[1]);
      inCurrent = false;
    }
  }
  return out;
}

std::vector<XfrmSaCounters> readXfrmCounters(const lab::netns::NetNs& ns) {
  lab::sys::RunOptions opts;
  opts.ns = &ns;
  opts.timeout = std::chrono::milliseconds(10000);
  opts.package = "iproute2";
  auto r = lab::sys::run({"ip", "-s", "xfrm", "state"}, opts);
  if (!r.ok()) throw lab::sys::Error("ip -s xfrm state in " + ns.name() + " failed: " + r.out);
  return parseXfrmState(r.out);
}

}  // namespace harness::capture

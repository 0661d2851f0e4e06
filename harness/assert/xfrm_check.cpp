#include "harness/assert/xfrm_check.h"

#include <algorithm>
#include <cstdio>

namespace harness::assert {

XfrmSnapshot snapshotOf(const std::vector<capture::XfrmSaCounters>& states) {
  XfrmSnapshot s;
  for (const auto& st : states)
    if (st.proto == "esp") s[st.spi] = st.packets;
  return s;
}

XfrmVerdict crossCheckXfrm(const std::vector<capture::XfrmSaCounters>& after, const XfrmSnapshot& before,
                           const std::vector<std::vector<capture::DecodedPacket>>& links) {
  XfrmVerdict v;
  v.pass = true;
  for (const auto& st : after) {
    if (st.proto != "esp") continue;
    ++v.sas;
    auto it = before.find(st.spi);
    const std::uint64_t delta = st.packets - (it == before.end() ? 0 : std::min(it->second, st.packets));
    std::uint64_t seen = 0;
    for (const auto& link : links)
      seen = std::max<std::uint64_t>(
          seen, std::count_if(link.begin(), link.end(), [&](const auto& p) { return p.espSpi == st.spi; }));
    char spi[16];
    std::snprintf(spi, sizeof spi, "0x%08x", st.spi);
    const bool ok = delta == seen;
    v.pass = v.pass && ok;
    v.detail += std::string(ok ? "" : "MISMATCH ") + "SPI " + spi + " " + st.src.str() + " > " + st.dst.str() +
                (st.udpEncap ? " (ESP in UDP)" : "") + ": kernel counted " + std::to_string(delta) +
                " packets, captures saw " + std::to_string(seen) + "\n";
  }
  if (v.sas == 0) v.detail = "no ESP SA in the kernel\n";
  if (!v.detail.empty()) v.detail.pop_back();
  return v;
}

}  // namespace harness::assert

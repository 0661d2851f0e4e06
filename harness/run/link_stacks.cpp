#include "harness/run/link_stacks.h"

namespace harness::run {

LinkStacks linkStacks(const std::string& stage, const std::string& node, const capture::Capture& cap) {
  LinkStacks l{stage, node, cap.spec().iface, cap.file().filename().string(), {}};
  for (const auto& p : cap.packets()) {
    const std::string stack = p.stackStr();
    const std::string from = p.hasIp() ? p.src.str() : "", to = p.hasIp() ? p.dst.str() : "";
    bool counted = false;
    for (auto& s : l.stacks)
      if (s.stack == stack && s.from == from && s.to == to) {
        ++s.count;
        counted = true;
        break;
      }
    if (!counted) l.stacks.push_back({stack, from, to, 1});
  }
  return l;
}

}  // namespace harness::run

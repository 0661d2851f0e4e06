#pragma once
// Probes what this kernel (the one labrun runs on: the machine's, or a UML
// guest's when labrun runs inside one) can do, in a scratch namespace that is
// removed afterwards: create each tunnel kind's device and an ESP state
// (in-process, over netlink), and load a NAT rule (iptables-nft, then
// iptables-legacy: the one that works is remembered for the lab's rules).
#include "lab/kernel/features.h"

namespace lab::kernel::host {

// Never throws for a missing feature: it is reported in the result.
ProbeResult probe(const FeatureNeeds& needs);

}  // namespace lab::kernel::host

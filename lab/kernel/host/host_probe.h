#pragma once
// Probes what this (host) kernel can do, in a scratch namespace that is
// removed afterwards: create a GRE link, add an ESP state, add a NAT rule.
#include "lab/kernel/features.h"

namespace lab::kernel::host {

// Never throws for a missing feature: it is reported in the result.
ProbeResult probe(const FeatureNeeds& needs);

}  // namespace lab::kernel::host

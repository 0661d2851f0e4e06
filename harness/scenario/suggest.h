#pragma once
// The scenario reader's nearest-name suggestions: lab/core/suggest.h's.
#include "lab/core/suggest.h"

namespace harness::scenario {
using lab::core::editDistance;
using lab::core::joinNames;
using lab::core::nearest;
using lab::core::suggestHint;
}  // namespace harness::scenario

#pragma once
// Nearest-name suggestions for unknown keys, options and references: the
// scenario reader's, the wire patterns', the daemons' own config checks.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lab::core {

// Optimal string alignment distance (insert, delete, substitute, swap
// adjacent), case-insensitive.
int editDistance(std::string_view a, std::string_view b);

// The candidate closest to word, if it is close enough to be a likely typo.
std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates);

// "did you mean 'x'?" when a candidate is close, else "known: a, b, c"
// (or "" when there are no candidates, or "none defined" if listIfFar and empty).
std::string suggestHint(std::string_view word, const std::vector<std::string>& candidates,
                        bool listIfFar = true);

std::string joinNames(const std::vector<std::string>& names, std::string_view sep = ", ");

}  // namespace lab::core

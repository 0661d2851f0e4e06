#include "lab/core/suggest.h"

#include <algorithm>
#include <cctype>

namespace lab::core {

int editDistance(std::string_view a, std::string_view b) {
  auto low = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      int cost = low(a[i - 1]) == low(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && low(a[i - 1]) == low(b[j - 2]) && low(a[i - 2]) == low(b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

std::optional<std::string> nearest(std::string_view word, const std::vector<std::string>& candidates) {
  // Allow about one typo per three characters, at least one, at most three.
  const int limit = std::clamp(static_cast<int>(word.size()) / 3, 1, 3);
  std::optional<std::string> best;
  int bestDist = limit + 1;
  for (const auto& c : candidates) {
    int dist = editDistance(word, c);
    // A change to every character is a different word, not a typo ("Z" vs "A").
    if (dist > 0 && dist >= static_cast<int>(std::max(word.size(), c.size()))) continue;
    if (dist < bestDist) {
      bestDist = dist;
      best = c;
    }
  }
  return best;
}

std::string joinNames(const std::vector<std::string>& names, std::string_view sep) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += sep;
    out += n;
  }
  return out;
}

std::string suggestHint(std::string_view word, const std::vector<std::string>& candidates,
                        bool listIfFar) {
  if (auto n = nearest(word, candidates)) return "did you mean '" + *n + "'?";
  if (!listIfFar) return "";
  if (candidates.empty()) return "none defined";
  return "known: " + joinNames(candidates);
}

}  // namespace lab::core

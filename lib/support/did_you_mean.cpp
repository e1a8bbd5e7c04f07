#include "fairseq2/support/did_you_mean.hpp"

#include <algorithm>
#include <numeric>

namespace fairseq2 {

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
    std::size_t length_gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    if (length_gap > limit)
        return limit + 1;

    // Optimal string alignment: a swap of two neighbours (`rcs` for `rsc`)
    // is one edit, the commonest typo.
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
    std::iota(row.begin(), row.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        before.swap(previous);
        previous.swap(row);
        row[0] = i;
        std::size_t best = row[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                row[j] = std::min(row[j], before[j - 2] + 1);
            best = std::min(best, row[j]);
        }
        if (best > limit)
            return limit + 1;
    }
    return row[b.size()];
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string_view>& candidates) {
    std::size_t limit = std::min<std::size_t>(3, std::max<std::size_t>(1, word.size() / 3));
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    for (std::string_view candidate : candidates) {
        if (candidate == word)
            continue;
        std::size_t distance = edit_distance(word, candidate, std::min(limit, best_distance - 1));
        if (distance < best_distance) {
            best_distance = distance;
            best = std::string{candidate};
        }
    }
    return best;
}

std::string did_you_mean(const std::optional<std::string>& suggestion) {
    return suggestion ? "Did you mean '" + *suggestion + "'?" : std::string{};
}

} // namespace fairseq2

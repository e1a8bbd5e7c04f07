#include "fairseq2/support/did_you_mean.hpp"

#include <algorithm>
#include <vector>

namespace fairseq2 {

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
    std::size_t length_gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    if (length_gap > limit)
        return limit + 1;
    // A prefix and a suffix the two share take no edits: names that share
    // a long prefix (`my_team_llama3_8b_...`) cost only what differs.
    while (!a.empty() && !b.empty() && a.front() == b.front()) {
        a.remove_prefix(1);
        b.remove_prefix(1);
    }
    while (!a.empty() && !b.empty() && a.back() == b.back()) {
        a.remove_suffix(1);
        b.remove_suffix(1);
    }

    // Optimal string alignment (a swap of two neighbours, `rcs` for `rsc`,
    // the commonest typo, is one edit), computed only in the band of cells
    // within `limit` of the diagonal: the others exceed the limit anyway, so
    // a pair of long names costs their length times the band, not their
    // product.
    const std::size_t far = limit + 1;
    const std::size_t m = b.size();
    thread_local std::vector<std::size_t> before, previous, row;
    for (auto* line : {&before, &previous, &row})
        line->assign(m + 2, far);
    for (std::size_t j = 0; j <= std::min(m, limit); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        before.swap(previous);
        previous.swap(row);
        std::size_t low = i > limit ? i - limit : 1;
        std::size_t high = std::min(m, i + limit);
        row[low - 1] = low == 1 ? i : far;
        std::size_t best = row[low - 1];
        for (std::size_t j = low; j <= high; ++j) {
            std::size_t cell = std::min({previous[j] + 1, row[j - 1] + 1,
                                         previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                cell = std::min(cell, before[j - 2] + 1);
            row[j] = std::min(cell, far);
            best = std::min(best, row[j]);
        }
        row[high + 1] = far; // the next row reads it as outside the band
        if (best > limit)
            return far;
    }
    return std::min(row[m], far);
}

std::size_t max_typo_distance(std::string_view word) noexcept {
    return std::min<std::size_t>(3, std::max<std::size_t>(1, word.size() / 3));
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string_view>& candidates) {
    std::size_t limit = max_typo_distance(word);
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    for (std::string_view candidate : candidates) {
        if (candidate == word)
            continue;
        std::size_t distance = edit_distance(word, candidate, std::min(limit, best_distance - 1));
        if (distance < best_distance) {
            best_distance = distance;
            best = std::string{candidate};
            if (distance == 1) // no other name can be nearer
                break;
        }
    }
    return best;
}

std::string did_you_mean(const std::optional<std::string>& suggestion) {
    return suggestion ? "Did you mean '" + *suggestion + "'?" : std::string{};
}

} // namespace fairseq2

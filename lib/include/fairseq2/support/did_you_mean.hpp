// Spelling suggestions for every "unknown X" message, as ninja's
// edit_distance does it for its targets.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fairseq2 {

// Edit distance (Levenshtein, a swap of neighbours counting as one edit),
// giving up (and returning `limit + 1`) once it is
// certain to exceed `limit`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

// How far a likely typo of `word` is from it: a third of its length, at
// least 1 and at most 3 edits.
std::size_t max_typo_distance(std::string_view word) noexcept;

// The candidate nearest to `word`, if one is within max_typo_distance().
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string_view>& candidates);

// The one wording of a suggestion, for a diagnostic's hint: "Did you mean
// 'NAME'?", or empty when there is none.
std::string did_you_mean(const std::optional<std::string>& suggestion);

} // namespace fairseq2

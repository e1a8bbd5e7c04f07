#include <algorithm>
#include <vector>

#include <doctest/doctest.h>

#include "fairseq2/support/did_you_mean.hpp"

using namespace fairseq2;

TEST_CASE("edit distance counts insertions, deletions and substitutions") {
    CHECK(edit_distance("kitten", "sitting", 10) == 3);
    CHECK(edit_distance("", "abc", 10) == 3);
    CHECK(edit_distance("same", "same", 10) == 0);
    CHECK(edit_distance("abcdef", "uvwxyz", 2) == 3); // gave up past the limit
}

TEST_CASE("the closest near name is suggested, a far one is not") {
    std::vector<std::string_view> names{"llama3_8b", "llama3_70b", "mistral_7b"};
    CHECK(closest_match("llama3_8", names) == "llama3_8b");
    CHECK(closest_match("mistral_7", names) == "mistral_7b");
    CHECK_FALSE(closest_match("qwen", names));
    CHECK_FALSE(closest_match("llama3_8b", names) == "llama3_8b");
}

TEST_CASE("a swap of neighbours is one edit") {
    CHECK(edit_distance("rcs", "rsc", 3) == 1);
    CHECK(closest_match("rcs", {"rsc", "user"}) == "rsc");
}

namespace {

// The textbook optimal string alignment distance, every cell computed.
std::size_t reference_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1] ? 1U : 0U)});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

} // namespace

TEST_CASE("the banded edit distance agrees with the full one below the limit, and gives up above it") {
    std::uint32_t state = 12345;
    auto next = [&] { return state = state * 1103515245 + 12345; };
    for (int round = 0; round < 5000; ++round) {
        std::string a, b;
        std::size_t la = next() % 9, lb = next() % 9;
        for (std::size_t i = 0; i < la; ++i)
            a += static_cast<char>('a' + next() % 3);
        for (std::size_t i = 0; i < lb; ++i)
            b += static_cast<char>('a' + next() % 3);
        std::size_t limit = next() % 5;
        std::size_t full = reference_distance(a, b);
        CAPTURE(a);
        CAPTURE(b);
        CAPTURE(limit);
        CHECK(edit_distance(a, b, limit) == std::min(full, limit + 1));
    }
}

TEST_CASE("a long pair of names costs their length times the band, not their product") {
    std::string a(200000, 'x'), b(200000, 'x');
    b[100000] = 'y';
    CHECK(edit_distance(a, b, 3) == 1);
}

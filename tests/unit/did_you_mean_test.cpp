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

#include <doctest/doctest.h>

#include "fairseq2/assets/name.hpp"

using namespace fairseq2;

TEST_CASE("a name without environment becomes NAME@") {
    CHECK(canonicalize_asset_name("foo") == "foo@");
}

TEST_CASE("a name with an environment stays NAME@ENV") {
    CHECK(canonicalize_asset_name("foo@env") == "foo@env");
}

TEST_CASE("both parts of a name are trimmed") {
    CHECK(canonicalize_asset_name("  foo  ") == "foo@");
    CHECK(canonicalize_asset_name(" foo @ env ") == "foo@env");
    CHECK(canonicalize_asset_name("foo@ ") == "foo@");
}

TEST_CASE("a name that starts with @ is invalid") {
    CHECK_FALSE(canonicalize_asset_name("@env"));
    CHECK_FALSE(canonicalize_asset_name(" @env"));
    CHECK_FALSE(canonicalize_asset_name(""));
    CHECK_FALSE(canonicalize_asset_name("   "));
}

TEST_CASE("a name with more than one @ is invalid") {
    CHECK_FALSE(canonicalize_asset_name("foo@a@b"));
}

TEST_CASE("a base is trimmed and must be a name without @, not blank") {
    CHECK(sanitize_base_asset_name(" llama3 ") == "llama3");
    CHECK_FALSE(sanitize_base_asset_name("llama3@user"));
    CHECK_FALSE(sanitize_base_asset_name("  "));
    CHECK_FALSE(sanitize_base_asset_name(""));
}

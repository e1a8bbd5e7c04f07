#include <cmath>

#include <doctest/doctest.h>

#include "fairseq2/assets/yaml_reader.hpp"
#include "fairseq2/diagnostic.hpp"

using namespace fairseq2;
using Kind = Value::Kind;

namespace {

Value typed(std::string_view text) {
    return type_plain_scalar(text);
}

} // namespace

TEST_CASE("only true and false, in three spellings, are booleans") {
    for (auto text : {"true", "True", "TRUE"})
        CHECK(typed(text) == Value{true});
    for (auto text : {"false", "False", "FALSE"})
        CHECK(typed(text) == Value{false});
    for (auto text : {"yes", "no", "on", "off", "y", "n", "tRUE"})
        CHECK(typed(text) == Value{std::string{text}});
}

TEST_CASE("integers in decimal, octal, hexadecimal and binary") {
    CHECK(typed("42") == Value{std::int64_t{42}});
    CHECK(typed("-42") == Value{std::int64_t{-42}});
    CHECK(typed("+7") == Value{std::int64_t{7}});
    CHECK(typed("0o17") == Value{std::int64_t{15}});
    CHECK(typed("0x1f") == Value{std::int64_t{31}});
    CHECK(typed("0b101") == Value{std::int64_t{5}});
    CHECK(typed("1_000") == Value{std::int64_t{1000}});
    CHECK(typed("0") == Value{std::int64_t{0}});
}

TEST_CASE("a leading zero is decimal in YAML 1.2, not octal") {
    CHECK(typed("017") == Value{std::int64_t{17}});
    CHECK(typed("019") == Value{std::int64_t{19}});
}

TEST_CASE("the 64-bit range is kept exactly and beyond it is an error") {
    CHECK(typed("9223372036854775807") == Value{std::int64_t{9223372036854775807}});
    CHECK(typed("-9223372036854775808").as_int() == std::numeric_limits<std::int64_t>::min());
    CHECK_THROWS_AS(typed("9223372036854775808"), Error);
    CHECK_THROWS_AS(typed("0x_"), Error);
}

TEST_CASE("floats need a dot, an exponent, or are inf and nan") {
    CHECK(typed("1e3") == Value{1000.0});
    CHECK(typed("1.5") == Value{1.5});
    CHECK(typed("1.") == Value{1.0});
    CHECK(typed(".5") == Value{0.5});
    CHECK(typed("-2.5e-1") == Value{-0.25});
    CHECK(typed("1_0.5") == Value{10.5});
    CHECK(typed(".inf").as_float() == INFINITY);
    CHECK(typed("-.Inf").as_float() == -INFINITY);
    CHECK(std::isnan(typed(".NaN").as_float()));
    CHECK(typed(".5e3").kind() == Kind::string); // ruamel: a leading-dot exponent needs a sign
    CHECK(typed(".").kind() == Kind::string);
}

TEST_CASE("tilde, null and empty are null") {
    for (auto text : {"~", "null", "Null", "NULL", ""})
        CHECK(typed(text).is_null());
    CHECK(typed("nULL").kind() == Kind::string);
}

TEST_CASE("everything else is a string, dates included") {
    CHECK(typed("2024-01-01") == Value{"2024-01-01"});
    CHECK(typed("hg://qwen/qwen2.5-7b") == Value{"hg://qwen/qwen2.5-7b"});
    CHECK(typed("1.2.3") == Value{"1.2.3"});
    CHECK(typed("0x") == Value{"0x"});
}

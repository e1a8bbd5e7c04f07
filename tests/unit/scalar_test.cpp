#include <cmath>

#include <doctest/doctest.h>

#include "fairseq2/yaml/scalar.hpp"
#include "fairseq2/support/diagnostic.hpp"

using namespace fairseq2;
using Kind = Value::Kind;

namespace {

Value typed(std::string_view text) {
    return type_plain_scalar(text);
}

} // namespace

TEST_CASE("only true and false, in three spellings, are booleans in YAML 1.2") {
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

TEST_CASE("integers of any size, as Python's int") {
    CHECK(typed("9223372036854775807") == Value{std::int64_t{9223372036854775807}});
    CHECK(typed("-9223372036854775808").as_int() == std::numeric_limits<std::int64_t>::min());
    CHECK(typed("9223372036854775808").as_big_integer().digits == "9223372036854775808");
    CHECK(typed("-123456789012345678901234567890").as_big_integer().digits == "-123456789012345678901234567890");
    CHECK(typed("0x1_0000_0000_0000_0000").as_big_integer().digits == "18446744073709551616");
    CHECK(typed("0x1_0000_0000_0000_0000").type_name() == std::string{"int"});
    CHECK_THROWS_AS(typed("0x_"), Error);
}

TEST_CASE("digits alone are an int of their value at every length, under both YAML versions") {
    // The one-pass reading of up to 18 digits, and the general one past it.
    std::string digits;
    std::int64_t value = 0;
    for (int length = 1; length <= 19; ++length) {
        char next = static_cast<char>('1' + length % 9);
        digits += next;
        value = value * 10 + (next - '0');
        CAPTURE(digits);
        CHECK(typed(digits) == Value{value});
        CHECK(type_plain_scalar(digits, {}, YamlVersion::v1_1) == Value{value});
    }
    CHECK(typed("99999999999999999999").as_big_integer().digits == "99999999999999999999");
    CHECK(typed("12a") == Value{"12a"});
    CHECK(typed("2024") == Value{std::int64_t{2024}});
    CHECK(typed("2024-05-01").kind() == Value::Kind::timestamp);
}

TEST_CASE("a scalar is typed only by the resolvers of its first character") {
    CHECK(typed("_1") == Value{"_1"}); // no int resolver for `_`
    CHECK(typed("-_1") == Value{std::int64_t{-1}});
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

TEST_CASE("dates and timestamps are Python dates and datetimes") {
    CHECK(typed("2024-01-01") == Value{Timestamp{"2024-01-01", true}});
    CHECK(typed("2024-01-01").type_name() == std::string{"date"});
    CHECK(typed("2024-1-1") == Value{"2024-1-1"}); // a date alone needs two-digit month and day
    CHECK(typed("2001-12-14t21:59:43.10-05:00") == Value{Timestamp{"2001-12-15T02:59:43.100000", false}});
    CHECK(typed("2001-12-14 21:59:43.10 -5") == Value{Timestamp{"2001-12-15T02:59:43.100000", false}});
    CHECK(typed("2001-12-14 21:59:43.1234567") == Value{Timestamp{"2001-12-14T21:59:43.123457", false}});
    CHECK(typed("2001-12-14 21:59:43Z").type_name() == std::string{"datetime"});
    CHECK_THROWS_AS(typed("2024-02-30"), Error); // ruamel's datetime.date() fails
    CHECK_THROWS_AS(typed("2024-01-01 25:00:00"), Error);
}

TEST_CASE("everything else is a string") {
    CHECK(typed("hg://qwen/qwen2.5-7b") == Value{"hg://qwen/qwen2.5-7b"});
    CHECK(typed("1.2.3") == Value{"1.2.3"});
    CHECK(typed("0x") == Value{"0x"});
    CHECK(typed("0b") == Value{"0b"});
}

TEST_CASE("a plain = or << value is an error, as ruamel has no constructor for it") {
    CHECK_THROWS_AS(typed("="), Error);
    CHECK_THROWS_AS(typed("<<"), Error);
}

TEST_CASE("YAML 1.1 rules under a %YAML 1.1 directive") {
    auto v11 = [](std::string_view text) { return type_plain_scalar(text, {}, YamlVersion::v1_1); };
    for (auto text : {"yes", "Yes", "on", "ON", "y", "Y", "true"})
        CHECK(v11(text) == Value{true});
    for (auto text : {"no", "off", "n", "N", "false"})
        CHECK(v11(text) == Value{false});
    CHECK(v11("0777") == Value{std::int64_t{511}});
    CHECK(v11("0o17") == Value{"0o17"});
    CHECK(v11("190:20:30") == Value{std::int64_t{685230}});
    CHECK(v11("1:30.5") == Value{90.5});
    CHECK(v11("-.5") == Value{"-.5"});
    CHECK(v11(".5") == Value{0.5});
    CHECK(v11("09") == Value{"09"});
}

TEST_CASE("explicit core tags construct as ruamel's SafeConstructor does") {
    auto tagged = [](std::string_view type, std::string_view text) {
        return construct_tagged_scalar(type, text, {}, YamlVersion::v1_2);
    };
    CHECK(tagged("int", "0x1F") == Value{std::int64_t{31}});
    CHECK(tagged("int", "017") == Value{std::int64_t{17}});
    CHECK(tagged("float", "1_0") == Value{10.0});
    CHECK(tagged("bool", "yes") == Value{true});
    CHECK(tagged("null", "anything").is_null());
    CHECK(tagged("binary", "aGVsbG8=") == Value{Bytes{"hello"}});
    CHECK(tagged("timestamp", "2020-1-2") == Value{Timestamp{"2020-01-02", true}});
    CHECK_THROWS_AS(tagged("int", "1.5"), Error);
    CHECK_THROWS_AS(tagged("bool", "maybe"), Error);
    CHECK_THROWS_AS(tagged("binary", "aGk"), Error);
    CHECK_THROWS_AS(tagged("timestamp", "x"), Error);
}

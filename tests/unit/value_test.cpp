#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "fairseq2/yaml/value.hpp"

using namespace fairseq2;

namespace {

// One value of each kind, with a string long enough to live on the heap.
std::vector<Value> one_of_each_kind() {
    Value::Map map;
    map.push_back({"k", {1, 1}, Value{std::int64_t{1}}});
    return {Value{nullptr},
            Value{true},
            Value{std::int64_t{-7}},
            Value{1.5},
            Value{std::string(40, 's')},
            Value{Value::List{Value{"a"}, Value{2}}},
            Value{std::move(map)},
            Value{BigInteger{"123456789012345678901234567890"}},
            Value{Bytes{"\x01\x02"}},
            Value{Value::Set{{Value{"m"}}}},
            Value{Timestamp{"2024-05-01", true}},
            Value{Value::List{Value{"shared"}}}.shared()};
}

} // namespace

// A store of 100k cards is mostly Fields: each 8 bytes more is 4 MB more.
TEST_CASE("a value is 40 bytes and a mapping entry 56") {
    CHECK(sizeof(Value) == 40);
    CHECK(sizeof(Field) == 56);
}

TEST_CASE("a value of every kind copies, moves and compares as itself") {
    for (const Value& value : one_of_each_kind()) {
        CAPTURE(value.type_name());
        Value copy = value;
        CHECK(copy == value);
        CHECK(copy.kind() == value.kind());
        Value moved = std::move(copy);
        CHECK(moved == value);
        CHECK(copy.is_null()); // NOLINT(bugprone-use-after-move): a moved-from value is null
        Value assigned;
        assigned = moved;
        CHECK(assigned == value);
        assigned = Value{"other"};
        CHECK_FALSE(assigned == value);
        assigned = std::move(moved);
        CHECK(assigned == value);
    }
}

TEST_CASE("values of different kinds are never equal, even where Python's == would say so") {
    // The reader keeps 1 and 1.0 and true apart as ruamel's types do; the
    // comparison is of the YAML, for provenance and environment diffs.
    CHECK_FALSE(Value{1} == Value{1.0});
    CHECK_FALSE(Value{true} == Value{1});
    CHECK_FALSE(Value{"1"} == Value{1});
}

TEST_CASE("a value can be assigned a part of its own tree") {
    Value list{Value::List{Value{"first"}, Value{std::string(40, 'x')}}};
    list = list.as_list()[1];
    CHECK(list == Value{std::string(40, 'x')});

    Value::Map fields;
    fields.push_back({"inner", {}, Value{Value::List{Value{"kept"}}}});
    Value map{std::move(fields)};
    map = std::move(map.as_map()[0].value);
    CHECK(map == Value{Value::List{Value{"kept"}}});
}

TEST_CASE("reading a value as another type is an error that names both types") {
    CHECK_THROWS_WITH_AS(Value{1}.as_string(), "a value of type int was read as str", std::logic_error);
    CHECK_THROWS_WITH_AS(Value{"a"}.as_map(), "a value of type str was read as dict", std::logic_error);
    CHECK_THROWS_AS(Value{}.as_bool(), std::logic_error);
}

TEST_CASE("a value keeps its line and column; a column past 2^24 - 1 is kept as that") {
    Value value{"x", Mark{12, 34}};
    CHECK(value.mark().line == 12);
    CHECK(value.mark().column == 34);
    Value far{"x", Mark{4'000'000'000U, 20'000'000}};
    CHECK(far.mark().line == 4'000'000'000U);
    CHECK(far.mark().column == (1U << 24) - 1);
    Value copy = far;
    CHECK(copy.mark().column == (1U << 24) - 1);
}

#include <doctest/doctest.h>

#include "text.hpp"

using fairseq2::Value;
using namespace fairseq2ctl;

TEST_CASE("control characters and bytes that are not UTF-8 are made visible in text") {
    CHECK(escape_controls("a\nb\tc") == "a\\nb\\tc");
    CHECK(escape_controls("\x1b[2J") == "\\x1b[2J");
    CHECK(escape_controls("caf\xc3\xa9") == "caf\xc3\xa9");
    CHECK(escape_controls("bad\xff.yaml") == "bad\\xff.yaml");
}

TEST_CASE("a value is one line: strings as they are, nested strings quoted, long lists shortened") {
    CHECK(value_to_text(Value{"plain"}) == "plain");
    Value::Map map;
    map.push_back({"impl", {}, Value{"hg"}});
    CHECK(value_to_text(Value{std::move(map)}) == "{impl: \"hg\"}");
    Value::List list;
    for (int i = 0; i < 10; ++i)
        list.emplace_back(i);
    CHECK(value_to_text(Value{std::move(list)}) == "[0, 1, 2, 3, 4, 5, 6, 7, ... (10 items)]");
}

TEST_CASE("a table lines up its columns, ignoring ANSI styling, and trims trailing space") {
    Style style{true};
    Table table;
    table.add({style.bold("a"), "1", ""});
    table.add({"long", "22", "x"});
    std::string out;
    table.render(out, "  ");
    CHECK(out == "  \x1b[1ma\x1b[0m     1\n  long  22  x\n");
}

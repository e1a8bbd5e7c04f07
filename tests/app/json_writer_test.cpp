#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "json_writer.hpp"

using fairseq2::Value;
using fairseq2ctl::JsonWriter;

namespace {

std::string json_of(const Value& value, JsonWriter::Layout layout = JsonWriter::Layout::compact) {
    JsonWriter w{layout};
    w.value(value);
    return std::move(w).text();
}

std::string quoted(std::string_view text) {
    std::string out;
    fairseq2ctl::append_json_string(out, text);
    return out;
}

} // namespace

TEST_CASE("the indented layout has two spaces a level and `key: value`, empty containers closed at once") {
    JsonWriter w;
    w.begin_object();
    w.member("a", "x");
    w.key("list");
    w.begin_array();
    w.integer(1);
    w.integer(2);
    w.end_array();
    w.key("empty");
    w.begin_array();
    w.end_array();
    w.key("none");
    w.begin_object();
    w.end_object();
    w.end_object();
    CHECK(std::move(w).text() ==
          "{\n  \"a\": \"x\",\n  \"list\": [\n    1,\n    2\n  ],\n  \"empty\": [],\n  \"none\": {}\n}");
}

TEST_CASE("the compact layout has no whitespace") {
    Value::Map map;
    map.push_back({"a", {}, Value{Value::List{Value{1}, Value{true}, Value{nullptr}}}});
    CHECK(json_of(Value{std::move(map)}) == R"({"a":[1,true,null]})");
}

TEST_CASE("strings escape quotes, backslashes and control characters, and keep UTF-8") {
    CHECK(quoted("a\"b\\c") == R"("a\"b\\c")");
    CHECK(quoted("\n\t\r\b\f") == R"("\n\t\r\b\f")");
    CHECK(quoted("\x1b[31m") == R"("\u001b[31m")");
    CHECK(quoted("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") ==
          "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
}

TEST_CASE("a byte that is not UTF-8 is written as the text \\xNN, so the output is valid UTF-8") {
    CHECK(quoted("a\xff"
                 "b") == R"("a\\xffb")");
    CHECK(quoted("\xc3") == R"("\\xc3")");                   // cut short
    CHECK(quoted("\xc0\xaf") == R"("\\xc0\\xaf")");          // overlong
    CHECK(quoted("\xed\xa0\x80") == R"("\\xed\\xa0\\x80")"); // a surrogate
    auto parsed = nlohmann::json::parse(quoted("dir/\xfe\xff.yaml"));
    CHECK(parsed.get<std::string>() == "dir/\\xfe\\xff.yaml");
}

TEST_CASE("a byte that needs escaping is found wherever it is in a string of any length (blocks are tested at once)") {
    const std::string plain = "abcdefghijklmnopqrstuvwxyz0123456789";
    const std::pair<std::string, std::string> specials[] = {
        {"\"", R"(\")"},      {"\\", R"(\\)"},          {"\n", R"(\n)"},   {"\x01", R"(\u0001)"},
        {"\x1f", R"(\u001f)"}, {"\xc3\xa9", "\xc3\xa9"}, {"\x7f", "\x7f"},  {"\xff", R"(\\xff)"},
        {" ", " "},           {"~", "~"}};
    // Not a structured binding: Clang 14 cannot capture one in CAPTURE's lambda.
    // Every place in strings of every length up to past two blocks, written
    // by append_json_string and by the writer (which copies a string that
    // needs no escape whole).
    std::size_t wrong = 0;
    for (const auto& pair : specials)
        for (std::size_t at = 0; at <= plain.size(); ++at)
            for (std::size_t after = 0; after <= plain.size(); ++after) {
                const std::string text = plain.substr(0, at) + pair.first + plain.substr(0, after);
                const std::string expected = "\"" + plain.substr(0, at) + pair.second + plain.substr(0, after) + "\"";
                std::string out;
                fairseq2ctl::append_json_string(out, text);
                JsonWriter w{JsonWriter::Layout::compact};
                w.string(text);
                bool right = out == expected && std::move(w).text() == expected;
                if (!right) {
                    const std::string& special = pair.first;
                    CAPTURE(special);
                    CAPTURE(at);
                    CAPTURE(after);
                    CHECK(out == expected);
                }
                wrong += !right;
            }
    CHECK(wrong == 0);
    for (std::size_t length = 0; length <= plain.size(); ++length) {
        JsonWriter w{JsonWriter::Layout::compact};
        w.string(plain.substr(0, length));
        CHECK(std::move(w).text() == "\"" + plain.substr(0, length) + "\"");
    }
}

TEST_CASE("floats are written as Python's json.dumps writes them; inf and nan as YAML spells them") {
    CHECK(json_of(Value{0.000001}) == "1e-06");
    CHECK(json_of(Value{500000.0}) == "500000.0");
    CHECK(json_of(Value{0.1}) == "0.1");
    CHECK(json_of(Value{1e16}) == "1e+16");
    CHECK(json_of(Value{std::numeric_limits<double>::infinity()}) == R"(".inf")");
    CHECK(json_of(Value{-std::numeric_limits<double>::infinity()}) == R"("-.inf")");
    CHECK(json_of(Value{std::numeric_limits<double>::quiet_NaN()}) == R"(".nan")");
}

TEST_CASE("a big integer is written exactly; bytes as base64, a set as a list, a date as ISO text") {
    CHECK(json_of(Value{fairseq2::BigInteger{"123456789012345678901234567890"}}) ==
          "123456789012345678901234567890");
    CHECK(json_of(Value{fairseq2::Bytes{"hi"}}) == R"("aGk=")");
    CHECK(json_of(Value{Value::Set{{Value{1}, Value{2}}}}) == "[1,2]");
    CHECK(json_of(Value{fairseq2::Timestamp{"2024-05-01", true}}) == R"("2024-05-01")");
}

TEST_CASE("what the writer writes, nlohmann's parser reads back") {
    Value::Map inner;
    inner.push_back({"k\"ey", {}, Value{"v\nal"}});
    Value::Map map;
    map.push_back({"nested", {}, Value{std::move(inner)}});
    map.push_back({"n", {}, Value{std::int64_t{-42}}});
    Value value{std::move(map)};
    for (auto layout : {JsonWriter::Layout::compact, JsonWriter::Layout::indented}) {
        auto parsed = nlohmann::json::parse(json_of(value, layout));
        CHECK(parsed["nested"]["k\"ey"] == "v\nal");
        CHECK(parsed["n"] == -42);
    }
}

TEST_CASE("a fragment is laid out as the writer lays out a value at its place, and rendered() writes it there") {
    for (auto layout : {JsonWriter::Layout::indented, JsonWriter::Layout::compact}) {
        auto write_entry = [](JsonWriter& w) {
            w.begin_object();
            w.member("card", "a \"b\"");
            w.member("line", std::uint64_t{7});
            w.end_object();
        };
        JsonWriter d{layout};
        d.begin_object();
        d.key("outer");
        d.begin_object();
        d.key("x");
        write_entry(d);
        d.key("y");
        write_entry(d);
        d.end_object();
        d.end_object();

        JsonWriter t{layout};
        t.begin_object();
        t.key("outer");
        t.begin_object();
        JsonWriter f = t.fragment();
        write_entry(f);
        std::string entry = std::move(f).text();
        t.key("x");
        t.rendered({entry});
        t.key("y");
        t.rendered({entry});
        t.end_object();
        t.end_object();
        CHECK(std::move(t).text() == std::move(d).text());
    }
}

TEST_CASE("a writer goes on after the text it is given, and grows past its room as often as it needs") {
    JsonWriter w{std::string{"head "}, JsonWriter::Layout::compact};
    CHECK(w.size() == 5);
    w.begin_array();
    std::string expected = "head [";
    // Far more than the room the writer adds at a time, in tokens of many
    // sizes, one of them longer than that room.
    for (int i = 0; i < 5000; ++i) {
        std::string item(static_cast<std::size_t>(i % 37), 'x');
        w.string(item);
        expected += (i ? ",\"" : "\"") + item + "\"";
    }
    std::string long_text(5000, 'y');
    w.string(long_text);
    expected += ",\"" + long_text + "\"]";
    w.end_array();
    CHECK(w.size() == expected.size());
    CHECK(std::move(w).text() == expected);
}

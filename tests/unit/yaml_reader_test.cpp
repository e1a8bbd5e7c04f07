#include <string>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "fairseq2/yaml/reader.hpp"

using namespace fairseq2;

namespace {

YamlFile read(std::string_view text) {
    return read_yaml(text, "cards.yaml");
}

const Value& root(const YamlFile& file, std::size_t index = 0) {
    REQUIRE(file.documents.size() > index);
    return file.documents[index].root;
}

} // namespace

TEST_CASE("quoted scalars are always strings and plain ones are typed") {
    auto file = read("a: '123'\nb: \"true\"\nc: 123\nd: yes\ne: ~\nf: !!str 0x10\ng: !!float 3\n");
    REQUIRE(file.diagnostics.empty());
    const Value& map = root(file);
    CHECK(*map.find("a") == Value{"123"});
    CHECK(*map.find("b") == Value{"true"});
    CHECK(*map.find("c") == Value{std::int64_t{123}});
    CHECK(*map.find("d") == Value{"yes"});
    CHECK(map.find("e")->is_null());
    CHECK(*map.find("f") == Value{"0x10"});
    CHECK(*map.find("g") == Value{3.0});
}

TEST_CASE("every value and key remembers its line and column") {
    auto file = read("name: foo\nlist:\n  - 1\n  - two\n");
    const Value& map = root(file);
    CHECK(map.as_map()[1].key_mark.line == 2);
    CHECK(map.as_map()[1].key_mark.column == 1);
    const Value& second = map.find("list")->as_list()[1];
    CHECK(second.mark().line == 4);
    CHECK(second.mark().column == 5);
    CHECK(file.documents[0].start.line == 1);
}

TEST_CASE("mappings keep the order of their keys") {
    auto file = read("z: 1\na: 2\nm: 3\n");
    const auto& map = root(file).as_map();
    CHECK(map[0].key == "z");
    CHECK(map[1].key == "a");
    CHECK(map[2].key == "m");
}

TEST_CASE("every document of a file is read") {
    auto file = read("name: a\n---\nname: b\n---\n");
    REQUIRE(file.documents.size() == 3);
    CHECK(root(file, 1).find("name")->as_string() == "b");
    CHECK(root(file, 2).is_null()); // the trailing `---`
}

TEST_CASE("a duplicate key is an error at the second key and invalidates the document") {
    auto file = read("name: a\nurl: x\nurl: y\n---\nname: b\n");
    REQUIRE(file.diagnostics.size() == 1);
    CHECK(file.diagnostics[0].code == DiagnosticCode::duplicate_key);
    CHECK(file.diagnostics[0].location.line == 3);
    CHECK(file.diagnostics[0].message.find("first at line 2") != std::string::npos);
    CHECK_FALSE(file.documents[0].valid);
    CHECK(file.documents[1].valid);
}

TEST_CASE("a duplicate key in a nested mapping is found too") {
    auto file = read("name: a\nmodel_config:\n  x: 1\n  x: 2\n");
    REQUIRE(file.diagnostics.size() == 1);
    CHECK(file.diagnostics[0].location.line == 4);
    CHECK(file.diagnostics[0].location.column == 3);
}

TEST_CASE("a syntax error points at its line and column") {
    auto file = read("name: a\nlist: [1, 2\nother: 3\n");
    REQUIRE(file.diagnostics.size() == 1);
    CHECK(file.diagnostics[0].code == DiagnosticCode::yaml_syntax);
    CHECK(file.diagnostics[0].location.line >= 2);
    CHECK(file.diagnostics[0].location.file == "cards.yaml");
}

TEST_CASE("anchors, aliases and merge keys expand as ruamel's safe loader expands them") {
    auto file = read("base: &b\n  x: 1\n  y: 2\nname: a\ncopy: *b\nmerged:\n  <<: *b\n  y: 3\n");
    REQUIRE(file.diagnostics.empty());
    const Value& map = root(file);
    CHECK(*map.find("copy") == *map.find("base"));
    const Value& merged = *map.find("merged");
    CHECK(*merged.find("x") == Value{std::int64_t{1}});
    CHECK(*merged.find("y") == Value{std::int64_t{3}});
}

TEST_CASE("an alias bomb is refused, not expanded") {
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'j'; ++c)
        bomb += fmt::format("{0}: &{0} [*{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}, *{1}]\n",
                            c, static_cast<char>(c - 1));
    auto file = read(bomb);
    REQUIRE(file.diagnostics.size() == 1);
    CHECK(file.diagnostics[0].code == DiagnosticCode::yaml_syntax);
    CHECK(file.diagnostics[0].message.find("alias bomb") != std::string::npos);
}

TEST_CASE("deep nesting is an error, not a stack overflow") {
    std::string deep(100000, '[');
    auto file = read("name: a\nx: " + deep + "\n");
    REQUIRE_FALSE(file.diagnostics.empty());
    CHECK(file.diagnostics[0].code == DiagnosticCode::yaml_syntax);
}

TEST_CASE("invalid UTF-8 is an error at its position") {
    auto file = read("name: a\nurl: \xC3\x28\n");
    REQUIRE(file.diagnostics.size() == 1);
    CHECK(file.diagnostics[0].location.line == 2);
    CHECK(file.diagnostics[0].location.column == 6);
    CHECK(file.diagnostics[0].message.find("UTF-8") != std::string::npos);
    CHECK(file.documents.empty());
}

TEST_CASE("control characters (a binary file) are an error") {
    auto file = read(std::string{"name: a\n\x00\x01\x02", 11});
    REQUIRE(file.diagnostics.size() == 1);
    CHECK(file.diagnostics[0].message.find("U+0000") != std::string::npos);
}

TEST_CASE("multi-byte UTF-8 text is read as it is") {
    auto file = read("name: a\ndescription: \"Modèle ✓ 🚀\"\n");
    REQUIRE(file.diagnostics.empty());
    CHECK(root(file).find("description")->as_string() == "Modèle ✓ 🚀");
}

TEST_CASE("a tag outside the core schema is an error") {
    auto file = read("name: a\nx: !!python/object:os.system ls\n");
    REQUIRE(file.diagnostics.size() == 1);
    CHECK(file.diagnostics[0].message.find("not a YAML core tag") != std::string::npos);
}

TEST_CASE("a list key is a tuple; a mapping key is unhashable, an error") {
    auto tuple = read("? [a, b]\n: c\n");
    CHECK(tuple.diagnostics.empty());
    REQUIRE(tuple.documents[0].root.as_map().size() == 1);
    CHECK(tuple.documents[0].root.as_map()[0].key_kind() == Value::Kind::list);
    auto map = read("? {a: 1}\n: c\n");
    REQUIRE(map.diagnostics.size() == 1);
    CHECK(map.diagnostics[0].code == DiagnosticCode::yaml_syntax);
}

TEST_CASE("keys keep their type: 1 and true are one key, 1 and '1' two") {
    auto typed = read("1: a\n'1': b\nnull: c\n");
    CHECK(typed.diagnostics.empty());
    const auto& fields = typed.documents[0].root.as_map();
    REQUIRE(fields.size() == 3);
    CHECK(fields[0].key_kind() == Value::Kind::integer);
    CHECK(fields[1].key_kind() == Value::Kind::string);
    CHECK(fields[2].key == "null");
    CHECK(fields[2].key_kind() == Value::Kind::null);
    CHECK(typed.documents[0].root.find("1")->as_string() == "b"); // only the string key is a field

    for (const char* text : {"1: a\ntrue: b\n", "1: a\n1.0: b\n", "0: a\nfalse: b\n", ".nan: a\n.NaN: b\n",
                             "~: a\nnull: b\n", "2020-01-01: a\n2020-01-01: b\n"}) {
        auto file = read(text);
        REQUIRE_MESSAGE(file.diagnostics.size() == 1, text);
        CHECK(file.diagnostics[0].code == DiagnosticCode::duplicate_key);
        CHECK(file.diagnostics[0].location.line == 2);
    }
}

TEST_CASE("with a merge key, ruamel checks no duplicate keys: the last value wins") {
    auto file = read("base: &b {k: 1, j: 0}\nm: {<<: *b, k: 2, k: 3, z: 4}\n");
    CHECK(file.diagnostics.empty());
    const Value& m = *file.documents[0].root.find("m");
    REQUIRE(m.as_map().size() == 3);
    CHECK(m.as_map()[0].key == "k"); // merged keys first
    CHECK(m.as_map()[1].key == "j");
    CHECK(m.find("k")->as_int() == 3);
}

TEST_CASE("merging a list: earlier mappings win, later ones' keys come first") {
    auto file = read("x: &x {k: 1}\ny: &y {k: 5, z: 1}\nm: {m: 0, <<: [*x, *y]}\n");
    CHECK(file.diagnostics.empty());
    const Value& m = *file.documents[0].root.find("m");
    std::vector<std::string> keys;
    for (const Field& f : m.as_map())
        keys.push_back(f.key);
    CHECK(keys == std::vector<std::string>{"k", "z", "m"});
    CHECK(m.find("k")->as_int() == 1);
    CHECK(read("x: &x {k: 1}\nm: {<<: *x, <<: *x}\n").diagnostics.size() == 1);
}

TEST_CASE("!!binary, !!set, !!omap and !!pairs are read") {
    auto file = read("b: !!binary aGVsbG8=\ns: !!set {x, y}\no: !!omap [{a: 1}, {b: 2}]\np: !!pairs [{a: 1}]\n");
    CHECK(file.diagnostics.empty());
    const Value& root = file.documents[0].root;
    CHECK(*root.find("b") == Value{Bytes{"hello"}});
    CHECK(root.find("s")->as_set().items.size() == 2);
    CHECK(root.find("o")->as_map().size() == 2);
    CHECK(root.find("p")->as_list()[0].as_list().size() == 2);
    CHECK(read("!!omap [{name: x}, {model_family: llama}]\n").documents[0].root.is_map());
    CHECK(read("o: !!omap [{a: 1}, {a: 2}]\n").diagnostics.size() == 1);
    CHECK(read("s: !!set [a]\n").diagnostics.size() == 1);
}

TEST_CASE("a %YAML 1.1 directive reads its document, and the ones after it, with 1.1 rules") {
    auto file = read("%YAML 1.1\n---\na: yes\nb: 0777\n---\nc: on\n");
    CHECK(file.diagnostics.empty());
    REQUIRE(file.documents.size() == 2);
    CHECK(*file.documents[0].root.find("a") == Value{true});
    CHECK(*file.documents[0].root.find("b") == Value{std::int64_t{511}});
    CHECK(*file.documents[1].root.find("c") == Value{true});
    CHECK(*read("a: yes\n").documents[0].root.find("a") == Value{"yes"});
}

TEST_CASE("in-memory nodes are typed like files: quoted stays a string") {
    YAML::Node node = YAML::Load("name: a\nn: 0o17\ns: '0o17'\nb: yes\n");
    YamlFile file = read_yaml(node, "memory[0]");
    CHECK(file.diagnostics.empty());
    REQUIRE(file.documents.size() == 1);
    const Value& value = file.documents[0].root;
    CHECK(*value.find("n") == Value{std::int64_t{15}});
    CHECK(*value.find("s") == Value{"0o17"});
    CHECK(*value.find("b") == Value{"yes"});
}

TEST_CASE("in-memory nodes go through the file checks: duplicate keys, unknown tags, depth") {
    YAML::Node twice;
    twice["a"] = 1;
    twice[1] = 2;
    twice["1"] = 3;
    CHECK(read_yaml(twice, "m").diagnostics.empty()); // `1` and `"1"` are two keys to Python

    YAML::Node same = YAML::Load("{1: a, 1.0: b}");
    YamlFile file = read_yaml(same, "m");
    REQUIRE(file.diagnostics.size() == 1);
    CHECK(file.diagnostics[0].code == DiagnosticCode::duplicate_key);
    CHECK_FALSE(file.documents.at(0).valid);

    YamlFile tagged = read_yaml(YAML::Load("a: !custom x\n"), "m");
    REQUIRE(tagged.diagnostics.size() == 1);
    CHECK(tagged.diagnostics[0].code == DiagnosticCode::yaml_syntax);

    YAML::Node cyclic;
    cyclic.push_back(cyclic); // contains itself: bounded, not a stack overflow
    YamlFile deep = read_yaml(cyclic, "m");
    REQUIRE(deep.diagnostics.size() == 1);
    CHECK(deep.diagnostics[0].code == DiagnosticCode::yaml_syntax);
    CHECK(deep.documents.empty());
}

namespace {

// `v:` holding `levels` nested flow lists around `inner`.
std::string nested(std::size_t levels, std::string_view inner = "") {
    return "name: a\nv: " + std::string(levels, '[') + std::string{inner} + std::string(levels, ']') + "\n";
}

} // namespace

TEST_CASE("nesting is bounded where ruamel's recursion stops: the card's mapping and 449 lists read, 450 do not") {
    CHECK(read(nested(max_yaml_depth - 1)).diagnostics.empty());
    auto deep = read(nested(max_yaml_depth));
    REQUIRE(deep.diagnostics.size() == 1);
    CHECK(deep.diagnostics[0].message.find("nested more than 450 deep") != std::string::npos);
}

TEST_CASE("depth counts the values aliases bring: an alias cannot nest a value deeper than the bound") {
    std::string anchor = "d: &d [[x]]\n"; // three levels: the alias adds them where it stands
    auto fits = read(anchor + nested(max_yaml_depth - 4, "*d").substr(8));
    CHECK(fits.diagnostics.empty());
    auto deep = read(anchor + nested(max_yaml_depth - 3, "*d").substr(8));
    REQUIRE(deep.diagnostics.size() == 1);
    CHECK(deep.diagnostics[0].message.find("aliases bring") != std::string::npos);
}

TEST_CASE("an anchor shares its value with its aliases instead of copying it") {
    // 400 nested anchors, each holding the next: a copy per anchor would be
    // quadratic in size; shared, the file reads in linear time and memory.
    std::string text = "name: a\nv: ";
    for (int i = 0; i < 400; ++i)
        text += fmt::format("&a{} [x{}, ", i, i);
    text += "end" + std::string(400, ']') + "\nw: *a0\n";
    auto file = read(text);
    REQUIRE(file.diagnostics.empty());
    const Value& map = root(file);
    CHECK(*map.find("w") == *map.find("v"));
    CHECK(&map.find("w")->as_list() == &map.find("v")->as_list()); // one tree, two names
}

TEST_CASE("changing a shared value gives it a copy of its own; the other sharers keep theirs") {
    auto file = read("name: a\nv: &m {k: 1}\nw: *m\n");
    REQUIRE(file.diagnostics.empty());
    Value map = root(file);
    map.find("w")->set("k", Value{2});
    CHECK(*map.find("v")->find("k") == Value{1});
    CHECK(*map.find("w")->find("k") == Value{2});
}

TEST_CASE("a mapping key is interned by its text and type") {
    CHECK(FieldKey{"model_family"} == FieldKey{std::string{"model_family"}});
    CHECK(&FieldKey{"model_family"}.str() == &FieldKey{std::string_view{"model_family"}}.str());
    // `1:` and `'1':` are two keys, as in a Python dict.
    CHECK_FALSE(FieldKey{"1", Value::Kind::integer} == FieldKey{"1"});
    CHECK(FieldKey{"1", Value::Kind::integer}.kind() == Value::Kind::integer);
    CHECK(FieldKey{} == FieldKey{""});
    CHECK(FieldKey{"base"} == "base");

    // Keys read from a file are the same interned keys.
    auto file = read("base: a\n1: b\n");
    const Value::Map& fields = root(file).as_map();
    CHECK(fields[0].key == FieldKey{"base"});
    CHECK(fields[1].key == FieldKey{"1", Value::Kind::integer});
    CHECK_FALSE(fields[1].has_string_key());
}

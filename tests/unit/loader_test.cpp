#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <yaml-cpp/yaml.h>

#include "card_store.hpp"
#include "fairseq2/assets/directories.hpp"

using namespace fairseq2;
using namespace fairseq2::testing;
using Codes = std::vector<std::string>;

namespace {

const AssetCard& only_card(const LoadedAssets& loaded) {
    REQUIRE(loaded.sources.size() == 1);
    REQUIRE(loaded.sources[0].cards.size() == 1);
    return loaded.sources[0].cards[0];
}

} // namespace

TEST_CASE("each document of a file is one card, named canonically") {
    TempTree tree{{{"cards.yaml", "name: a\nx: 1\n---\nname: b@env\n"}}};
    auto loaded = load(tree.root());
    CHECK(loaded.diagnostics.empty());
    REQUIRE(loaded.sources[0].cards.size() == 2);
    CHECK(loaded.sources[0].cards[0].name == "a@");
    CHECK(loaded.sources[0].cards[1].name == "b@env");
    CHECK(loaded.sources[0].cards[1].is_overlay());
    CHECK(loaded.sources[0].file_count == 1);
}

TEST_CASE("a card's metadata is its mapping without name, plus __base_path__ and __source__") {
    TempTree tree{{{"models/m.yaml", "name: a\nurl: u\n"}}};
    auto loaded = load(tree.root());
    const AssetCard& card = only_card(loaded);
    std::vector<Field> fields;
    card.for_each_field([&](const Field& field) { fields.push_back(field); });
    REQUIRE(fields.size() == 3);
    CHECK(fields[0].key == "url");
    CHECK(fields[1].key == "__base_path__");
    CHECK(fields[1].value.as_string() == (tree.root() / "models").string());
    CHECK(fields[2].key == "__source__");
    CHECK(fields[2].value.as_string() == "path:" + tree.root().string());
    CHECK(card.file() == (tree.root() / "models/m.yaml").string());
    CHECK(card.mark.line == 1);
    // The added fields are the file's, held once for all its cards.
    CHECK(card.metadata.as_map().size() == 2); // name (not a field) and url
    CHECK(card.origin->added_fields.size() == 2);
}

TEST_CASE("a card that has an added field itself gets fairseq2's value for it, in its own place") {
    TempTree tree{{{"m.yaml", "name: a\n__source__: mine\nurl: u\n"}}};
    auto loaded = load(tree.root());
    const AssetCard& card = only_card(loaded);
    std::vector<std::string> keys;
    card.for_each_field([&](const Field& field) { keys.push_back(field.key); });
    CHECK(keys == std::vector<std::string>{"__source__", "url", "__base_path__"});
    CHECK(card.find_field("__source__")->as_string() == "path:" + tree.root().string());
}

TEST_CASE("a source that is one file is named path:PATH, as fairseq2 names file sources") {
    TempTree tree{{{"one.yaml", "name: a\n"}}};
    auto loaded = load(tree / "one.yaml");
    CHECK(only_card(loaded).source() == "path:" + (tree / "one.yaml").string());
}

TEST_CASE("directories are walked recursively for .yaml and .yml, in sorted order") {
    TempTree tree{{{"b/two.yml", "name: two\n"},
                   {"a/deep/one.yaml", "name: one\n"},
                   {"notes.txt", "name: ignored\n"},
                   {"README.md", "# not a card\n"}}};
    auto loaded = load(tree.root());
    CHECK(loaded.diagnostics.empty());
    REQUIRE(loaded.sources[0].cards.size() == 2);
    CHECK(loaded.sources[0].cards[0].name == "one@");
    CHECK(loaded.sources[0].cards[1].name == "two@");
}

TEST_CASE("an empty document is an error (fairseq2 rejects a trailing ---)") {
    TempTree tree{{{"c.yaml", "name: a\n---\n"}}};
    auto loaded = load(tree.root());
    CHECK(codes(loaded.diagnostics) == Codes{"empty-document"});
    CHECK(loaded.sources[0].cards.size() == 1);
}

TEST_CASE("a document that is not a mapping is an error") {
    TempTree tree{{{"c.yaml", "- a\n- b\n---\nname: ok\n"}}};
    auto loaded = load(tree.root());
    CHECK(codes(loaded.diagnostics) == Codes{"not-a-mapping"});
    CHECK(loaded.diagnostics[0].message.find("`list`") != std::string::npos);
    CHECK(loaded.sources[0].cards.size() == 1);
}

TEST_CASE("a card without a name, or with an empty one, is an error") {
    TempTree tree{{{"c.yaml", "url: x\n---\nname: ''\n---\nname: ~\n"}}};
    auto loaded = load(tree.root());
    CHECK(codes(loaded.diagnostics) == Codes{"missing-name", "missing-name", "missing-name"});
}

TEST_CASE("a name must be a string, with one @ at most, not leading") {
    TempTree tree{{{"c.yaml", "name: 42\n---\nname: a@b@c\n---\nname: '@env'\n---\nname: yes\n"}}};
    auto loaded = load(tree.root());
    CHECK(codes(loaded.diagnostics) == Codes{"invalid-name", "invalid-name", "invalid-name"});
    CHECK(loaded.diagnostics[0].message.find("type `int`") != std::string::npos);
    CHECK(loaded.diagnostics[0].location.line == 1);
    CHECK(loaded.sources[0].cards.size() == 1); // `yes` is a string in YAML 1.2
}

TEST_CASE("a base must be a string without @ and not blank, and is trimmed") {
    TempTree tree{{{"c.yaml",
                    "name: a\nbase: 1\n---\nname: b\nbase: x@user\n---\nname: c\nbase: '  '\n"
                    "---\nname: d\nbase: '  e  '\n---\nname: e\nbase: ~\n"}}};
    auto loaded = load(tree.root());
    CHECK(codes(loaded.diagnostics) == Codes{"invalid-base", "invalid-base", "invalid-base"});
    CHECK(loaded.diagnostics[0].location.line == 2);
    REQUIRE(loaded.sources[0].cards.size() == 2);
    CHECK(loaded.sources[0].cards[0].metadata.find("base")->as_string() == "e");
    CHECK(loaded.sources[0].cards[1].metadata.find("base")->is_null());
}

TEST_CASE("two cards with one name in one source is an error naming both places") {
    TempTree tree{{{"a.yaml", "name: dup\n"}, {"b.yaml", "name: other\n---\nname: dup\n"}}};
    auto loaded = load(tree.root());
    REQUIRE(codes(loaded.diagnostics) == Codes{"duplicate-name"});
    const auto& message = loaded.diagnostics[0].message;
    CHECK(message.find((tree / "a.yaml").string() + ":1:1") != std::string::npos);
    CHECK(message.find((tree / "b.yaml").string() + ":3:1") != std::string::npos);
    CHECK(loaded.diagnostics[0].asset == "dup");
}

TEST_CASE("a second card of a name in the same file is dropped, and the cards after it are kept in order") {
    TempTree tree{{{"a.yaml", "name: one\n---\nname: two\n---\nname: one\nx: 2\n---\nname: three\n"}}};
    auto loaded = load(tree.root());
    REQUIRE(codes(loaded.diagnostics) == Codes{"duplicate-name"});
    CHECK(loaded.diagnostics[0].message.find("Two asset cards in") != std::string::npos);
    CHECK(loaded.diagnostics[0].message.find((tree / "a.yaml").string() + ":5:1") != std::string::npos);
    const CardList& cards = loaded.sources[0].cards;
    REQUIRE(cards.size() == 3);
    std::vector<std::string> names;
    for (const AssetCard& card : cards)
        names.push_back(card.name);
    CHECK(names == std::vector<std::string>{"one@", "two@", "three@"});
    CHECK(cards[0].metadata.find("x") == nullptr);
    // The index points at the cards where they now are.
    for (const AssetCard& card : cards)
        CHECK(loaded.cards_by_name.find(card.name) == &card);
}

TEST_CASE("one name in two sources is an error naming both sources") {
    TempTree first{{{"a.yaml", "name: dup\n"}}};
    TempTree second{{{"b.yaml", "name: dup\n---\nname: dup@env\n"}}};
    auto loaded = load({path_source(first.root()), path_source(second.root())});
    REQUIRE(codes(loaded.diagnostics) == Codes{"duplicate-name"});
    CHECK(loaded.diagnostics[0].message.find("path:" + first.root().string()) != std::string::npos);
    CHECK(loaded.diagnostics[0].message.find("path:" + second.root().string()) != std::string::npos);
    CHECK(loaded.sources[0].cards.size() == 1);
    CHECK(loaded.sources[1].cards.size() == 1); // the overlay is another name
}

TEST_CASE("a duplicate names the source of the first card, whichever of its files holds it") {
    TempTree first{{{"a.yaml", "name: a\n"}, {"b.yaml", "name: b\n---\nname: c\n"}, {"c.yaml", "name: d\n"}}};
    TempTree second{{{"e.yaml", "name: e\n"}, {"f.yaml", "name: f\n"}}};
    TempTree third{{{"g.yaml", "name: c\n---\nname: f\n---\nname: a\n---\nname: g\n---\nname: g\n"}}};
    auto loaded = load({path_source(first.root()), path_source(second.root()), path_source(third.root())});
    REQUIRE(codes(loaded.diagnostics) == Codes{"duplicate-name", "duplicate-name", "duplicate-name", "duplicate-name"});
    auto names_source = [&](std::size_t d, const TempTree& tree) {
        return loaded.diagnostics[d].message.find("in both path:" + tree.root().string() + " (") != std::string::npos;
    };
    CHECK(names_source(0, first));
    CHECK(names_source(1, second));
    CHECK(names_source(2, first));
    CHECK(loaded.diagnostics[3].message.find("Two asset cards in path:" + third.root().string()) != std::string::npos);
    CHECK(loaded.sources[2].cards.size() == 1);
}

TEST_CASE("a card with a YAML error is reported and the file's other documents load") {
    TempTree tree{{{"a.yaml", "name: a\nx: 1\nx: 2\n---\nname: b\n"}, {"b.yaml", "name: [\n"}}};
    auto loaded = load(tree.root());
    CHECK(codes(loaded.diagnostics) == Codes{"duplicate-key", "yaml-syntax"});
    REQUIRE(loaded.sources[0].cards.size() == 1);
    CHECK(loaded.sources[0].cards[0].name == "b@");
}

TEST_CASE("a missing registered source is an error, a missing well-known one is skipped") {
    TempTree tree;
    auto loaded = load({path_source(tree / "nope"), path_source(tree / "absent", AssetSourceRole::user)});
    REQUIRE(loaded.diagnostics.size() == 1);
    CHECK(loaded.diagnostics[0].code == DiagnosticCode::source_not_found);
    CHECK(loaded.diagnostics[0].severity == Severity::error);
    CHECK(loaded.sources[1].missing);
}

TEST_CASE("a FIFO named like a card file is reported, not read (no hang)") {
    TempTree tree{{{"ok.yaml", "name: ok\n"}}};
    REQUIRE(::mkfifo((tree / "pipe.yaml").c_str(), 0600) == 0);
    auto loaded = load(tree.root());
    CHECK(codes(loaded.diagnostics) == Codes{"file-unreadable"});
    CHECK(loaded.diagnostics[0].message.find("not a regular file") != std::string::npos);
    CHECK(loaded.sources[0].cards.size() == 1);
}

TEST_CASE("a symlinked directory is not descended into, as fairseq2's walk does not") {
    TempTree tree{{{"sub/a.yaml", "name: a\n"}, {"elsewhere/b.yaml", "name: b\n"}}};
    std::filesystem::create_directory_symlink(tree.root(), tree / "sub/loop");
    std::filesystem::create_directory_symlink(tree / "elsewhere", tree / "linked.yaml");
    auto loaded = load(tree / "sub");
    CHECK(codes(loaded.diagnostics) == Codes{"skipped-directory"});
    CHECK(loaded.diagnostics[0].severity == Severity::warning);
    CHECK(loaded.sources[0].cards.size() == 1);

    // One named like a card file is opened as a file by fairseq2, which fails.
    auto named = load(tree.root());
    CHECK(codes(named.diagnostics) == Codes{"file-unreadable", "skipped-directory"});
}

TEST_CASE("a symlinked card file is read, its relative paths taken from the link's directory") {
    TempTree tree{{{"real/a.yaml", "name: a\n"}}};
    std::filesystem::create_directory(tree / "links");
    std::filesystem::create_symlink(tree / "real/a.yaml", tree / "links/a.yaml");
    auto loaded = load(tree / "links");
    REQUIRE(loaded.sources[0].cards.size() == 1);
    CHECK(loaded.sources[0].cards[0].base_path() == resolve_python_path((tree / "links").string()).string());
}

TEST_CASE("__base_path__ lies below the resolved source directory, the name keeps the path as given") {
    TempTree tree{{{"real/sub/a.yaml", "name: a\n"}}};
    std::filesystem::create_directory_symlink(tree / "real", tree / "alias");
    auto loaded = load(tree / "alias");
    REQUIRE(loaded.sources[0].cards.size() == 1);
    const AssetCard& card = loaded.sources[0].cards[0];
    CHECK(card.source() == "path:" + (tree / "alias").string());
    CHECK(card.base_path() == resolve_python_path((tree / "real/sub").string()).string());
}

TEST_CASE("a file symlink loop and a dangling link are reported") {
    TempTree tree;
    std::filesystem::create_symlink(tree / "self.yaml", tree / "self.yaml");
    std::filesystem::create_symlink(tree / "gone", tree / "dangling.yaml");
    auto loaded = load(tree.root());
    CHECK(codes(loaded.diagnostics) == Codes{"file-unreadable", "file-unreadable"});
    CHECK(loaded.diagnostics[0].severity == Severity::warning); // dangling.yaml, skipped
    CHECK(loaded.diagnostics[1].severity == Severity::error);   // self.yaml
}

TEST_CASE("an unreadable file is reported") {
    if (::geteuid() == 0)
        return; // root reads everything; nothing to test
    TempTree tree{{{"secret.yaml", "name: a\n"}}};
    std::filesystem::permissions(tree / "secret.yaml", std::filesystem::perms::none);
    auto loaded = load(tree.root());
    CHECK(codes(loaded.diagnostics) == Codes{"file-unreadable"});
}

TEST_CASE("in-memory sources are checked like files, and carry no __base_path__") {
    auto source = std::make_shared<AssetSource>();
    source->kind = AssetSource::Kind::memory;
    source->memory_name = "my_ext";
    source->entries = {YAML::Load("name: a\nx: 1\n"), YAML::Load("x: 1\n")};
    auto loaded = load({source});
    CHECK(codes(loaded.diagnostics) == Codes{"missing-name"});
    CHECK(loaded.diagnostics[0].location.file == "my_ext[1]");
    const AssetCard& card = only_card(loaded);
    CHECK(card.find_field("__base_path__") == nullptr);
    CHECK(card.find_field("__source__")->as_string() == "my_ext");
}

TEST_CASE("the built-in cards load without a problem") {
    auto source = std::make_shared<AssetSource>();
    source->kind = AssetSource::Kind::embedded;
    source->files = builtin_card_files();
    auto loaded = load({source});
    CHECK(loaded.diagnostics.empty());
    CHECK(loaded.sources[0].name == "package:fairseq2.assets.cards");
    CHECK(loaded.sources[0].cards.size() > 80);
    CHECK(loaded.sources[0].cards[0].file().rfind("<builtin>/", 0) == 0);
}

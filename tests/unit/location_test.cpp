#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include "card_store.hpp"
#include "fairseq2/assets/directories.hpp"
#include "fairseq2/assets/location.hpp"
#include "fairseq2/assets/tokenizer_ref.hpp"
#include "fairseq2/assets/uri.hpp"

using namespace fairseq2;
using namespace fairseq2::testing;

namespace {

std::optional<std::string> uri_text(std::string_view text) {
    auto uri = parse_uri(text);
    return uri ? std::optional{uri->to_string()} : std::nullopt;
}

// The location fairseq2 opens for `field` of the card `name`, or the error code.
std::string location_of(const AssetStore& store, const std::string& name, const std::string& field) {
    ResolvedCard card = store.retrieve_card(name);
    try {
        return resolve_location(card, *card.field(field)).uri;
    } catch (const Error& error) {
        return "error: " + std::string{to_string(error.code())};
    }
}

} // namespace

// ---- Python's urlsplit/urlunsplit, as fairseq2's Uri uses them -------------

TEST_CASE("a URI has a scheme of a letter, then letters, digits, + - or ., then a colon") {
    CHECK(uri_text("hg://org/repo") == "hg://org/repo");
    CHECK(uri_text("HTTPS://example.com/x") == "https://example.com/x"); // scheme lower-cased
    CHECK(uri_text("s3://bucket/key") == "s3://bucket/key");
    CHECK(uri_text("hg:/org/repo") == "hg:/org/repo");
    CHECK(uri_text("file:/abs/x") == "file:///abs/x"); // `file` gets its `//`
    CHECK(uri_text("c:/windows") == "c:/windows");
    CHECK_FALSE(uri_text("/abs/path"));
    CHECK_FALSE(uri_text("relative/path"));
    CHECK_FALSE(uri_text("my_dir:x"));   // `_` is no scheme character
    CHECK_FALSE(uri_text("1abc:x"));     // a scheme starts with a letter
    CHECK_FALSE(uri_text("http://[::1/x")); // an unclosed bracket: no URI at all
    CHECK(uri_text("https://x/y?") == "https://x/y"); // an empty query is dropped
    CHECK(uri_text("  \thg://o/r\n") == "hg://o/r"); // leading blanks, tabs and line breaks go
    CHECK(uri_text("hg://o/\tr") == "hg://o/r");
}

TEST_CASE("paths are normalised and joined as pathlib does, and made file URIs as Path.as_uri") {
    CHECK(normalize_path("a//b/./c/") == "a/b/c");
    CHECK(normalize_path("a/../b") == "a/../b");
    CHECK(normalize_path("") == ".");
    // Paths already as pathlib writes them are kept as they are; the others
    // are rewritten.
    for (std::string_view kept : {"/", "/a/b.pt", "a", "a/b", "//net/x", "/a/../b", "/a/.b"})
        CHECK(normalize_path(kept) == kept);
    CHECK(normalize_path("///a") == "/a");
    CHECK(normalize_path("/a/") == "/a");
    CHECK(normalize_path("/a/.") == "/a");
    CHECK(normalize_path("./a") == "a");
    CHECK(normalize_path("//") == "//");
    CHECK(normalize_path(".") == ".");
    CHECK(join_path("/cards/sub", "weights/m.pt") == "/cards/sub/weights/m.pt");
    CHECK(join_path("/cards", "/abs/m.pt") == "/abs/m.pt");
    CHECK(join_path("/cards", "~/m.pt") == "/cards/~/m.pt"); // `~` is not expanded
    CHECK(file_uri("/data/my model/x+y.pt") == "file:///data/my%20model/x%2By.pt");
    CHECK(file_uri("/caf\xc3\xa9") == "file:///caf%C3%A9");
    CHECK(file_uri("/a/q?x#y") == "file:///a/q%3Fx%23y");
    CHECK(file_uri("/a//b/") == "file:///a/b");
    // Two slashes at the start are a network path to pathlib; Uri.parse then
    // reads what follows as the host.
    CHECK(file_uri("//host/x") == "file://host/x");
}

TEST_CASE("only file, s3, hg, http and https are schemes fairseq2 opens") {
    for (const char* scheme : {"file", "s3", "hg", "http", "https"})
        CHECK(is_supported_uri_scheme(scheme));
    for (const char* scheme : {"gs", "ftp", "c", "hf"})
        CHECK_FALSE(is_supported_uri_scheme(scheme));
}

// ---- assets/card.py: AssetCardField.as_uri ----------------------------------

TEST_CASE("a relative location is taken from the card asked for, not from the card that holds it") {
    TempTree tree{{{"base/b.yaml", "name: root\nmodel_family: llama\ncheckpoint: weights/m.pt\n"},
                   {"leaf/l.yaml", "name: leaf\nbase: root\n"}}};
    auto store = make_store(tree.root());
    std::string base = resolve_python_path(tree.root().string()).string();
    CHECK(location_of(store, "root", "checkpoint") == "file://" + base + "/base/weights/m.pt");
    CHECK(location_of(store, "leaf", "checkpoint") == "file://" + base + "/leaf/weights/m.pt");
}

TEST_CASE("an overlay's directory replaces its card's, as its __base_path__ replaces the card's") {
    TempTree tree{{{"cards/c.yaml", "name: c\nmodel_family: llama\ncheckpoint: m.pt\n"},
                   {"user/u.yaml", "name: c@user\nurl: x\n"}}};
    auto store = make_store(tree.root());
    std::string base = resolve_python_path(tree.root().string()).string();
    CHECK(location_of(store, "c", "checkpoint") == "file://" + base + "/user/m.pt");
    CHECK(location_of(store, "c@", "checkpoint") == "file://" + base + "/cards/m.pt");
}

TEST_CASE("absolute paths and URIs are kept; other schemes and non-strings fail") {
    TempTree tree{{{"c.yaml", "name: a\ncheckpoint: /abs/m.pt\n---\nname: b\ncheckpoint: hg://org/repo\n---\n"
                              "name: c\ncheckpoint: gs://bucket/m.pt\n---\nname: d\ncheckpoint: 5\n"}}};
    auto store = make_store(tree.root());
    CHECK(location_of(store, "a", "checkpoint") == "file:///abs/m.pt");
    CHECK(location_of(store, "b", "checkpoint") == "hg://org/repo");
    CHECK(location_of(store, "c", "checkpoint") == "error: invalid-uri");
    CHECK(location_of(store, "d", "checkpoint") == "error: field-type");
}

TEST_CASE("a relative location of an in-memory card cannot be made a URI") {
    auto source = std::make_shared<AssetSource>();
    source->kind = AssetSource::Kind::memory;
    source->memory_name = "mem";
    source->entries = {YAML::Load("name: m\ncheckpoint: rel/m.pt\n")};
    AssetStore store{load({source}), AssetEnvironment{}};
    CHECK(location_of(store, "m", "checkpoint") == "error: invalid-uri");
}

// ---- data/tokenizers/ref.py: resolve_tokenizer_reference --------------------

TEST_CASE("tokenizer_ref is followed to the last card, which gets its own overlay") {
    TempTree tree{{{"c.yaml", "name: model\ntokenizer_family: own\ntokenizer_ref: middle\n---\n"
                              "name: middle\ntokenizer_ref: tok\n---\n"
                              "name: tok\ntokenizer_family: llama\ntokenizer: /t.model\n---\n"
                              "name: tok@user\ntokenizer: /user.model\n"}}};
    auto store = make_store(tree.root());
    TokenizerCard tokenizer = resolve_tokenizer_card(store, store.retrieve_card("model"));
    CHECK(tokenizer.references == std::vector<std::string>{"model", "middle", "tok"});
    REQUIRE(tokenizer.referenced);
    CHECK(tokenizer.referenced->field("tokenizer_family")->value->as_string() == "llama");
    CHECK(tokenizer.referenced->field("tokenizer")->value->as_string() == "/user.model");
}

TEST_CASE("a missing tokenizer_ref target and a cycle are errors") {
    TempTree tree{{{"c.yaml", "name: a\ntokenizer_ref: gone\n---\nname: b\ntokenizer_ref: c\n---\n"
                              "name: c\ntokenizer_ref: b\n---\nname: d\ntokenizer_ref: 7\n"}}};
    auto store = make_store(tree.root());
    auto code = [&](const std::string& name) {
        try {
            resolve_tokenizer_card(store, store.retrieve_card(name));
            return std::string{"none"};
        } catch (const Error& error) {
            return std::string{to_string(error.code())} + ": " + error.diagnostic().message;
        }
    };
    CHECK(code("a").rfind("tokenizer-ref-not-found: The gone asset referenced by the tokenizer_ref field "
                          "of the 'a' asset card does not exist.", 0) == 0);
    CHECK(code("b").rfind("tokenizer-ref-cycle: The tokenizer_ref fields of the 'b' asset card form a "
                          "cycle: b -> c -> b.", 0) == 0);
    CHECK(code("d").rfind("field-type:", 0) == 0);
}

TEST_CASE("a card without tokenizer_ref holds its own tokenizer, and is not copied") {
    TempTree tree{{{"c.yaml", "name: tok\ntokenizer_family: llama\n"}}};
    auto store = make_store(tree.root());
    ResolvedCard card = store.retrieve_card("tok");
    TokenizerCard tokenizer = resolve_tokenizer_card(store, card);
    CHECK_FALSE(tokenizer.referenced);
    CHECK(&tokenizer.holder(card) == &card);
    CHECK(tokenizer.references == std::vector<std::string>{"tok"});
}

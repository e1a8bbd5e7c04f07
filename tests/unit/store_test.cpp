#include <doctest/doctest.h>

#include "card_store.hpp"

using namespace fairseq2;
using namespace fairseq2::testing;

namespace {

std::string field_text(const ResolvedCard& card, std::string_view key) {
    const EffectiveField* field = card.field(key);
    if (!field)
        return "<missing>";
    return field->value->is_string() ? field->value->as_string() : "<not a string>";
}

std::string error_code(const AssetStore& store, std::string_view name) {
    try {
        store.retrieve_card(name);
    } catch (const Error& error) {
        return std::string{to_string(error.code())};
    }
    return "no error";
}

std::string error_message(const AssetStore& store, std::string_view name) {
    try {
        store.retrieve_card(name);
    } catch (const Error& error) {
        return error.what();
    }
    return "no error";
}

const char* overlays = R"(name: m
checkpoint: base
tokenizer: base-tok
---
name: m@user
checkpoint: user
---
name: m@cluster
checkpoint: cluster
extra: cluster-only
)";

} // namespace

TEST_CASE("a plain name tries `user`, then the detected environment") {
    TempTree tree{{{"m.yaml", overlays}}};
    auto store = make_store(tree.root(), "cluster");
    ResolvedCard card = store.retrieve_card("m");
    CHECK(card.environments() == std::vector<std::string>{"user", "cluster"});
    // One overlay at most: `user` is first, so `m@cluster` is not merged.
    CHECK(field_text(card, "checkpoint") == "user");
    CHECK(field_text(card, "extra") == "<missing>");
    CHECK(card.overlay()->name == "m@user");
}

TEST_CASE("NAME@ENV tries that environment only") {
    TempTree tree{{{"m.yaml", overlays}}};
    auto store = make_store(tree.root());
    ResolvedCard card = store.retrieve_card("m@cluster");
    CHECK(card.environments() == std::vector<std::string>{"cluster"});
    CHECK(field_text(card, "checkpoint") == "cluster");
    CHECK(field_text(card, "extra") == "cluster-only");
    CHECK(field_text(card, "tokenizer") == "base-tok"); // shallow merge keeps the rest
    CHECK(field_text(store.retrieve_card(" m @ cluster "), "checkpoint") == "cluster");
}

TEST_CASE("NAME@ does no environment look-up") {
    TempTree tree{{{"m.yaml", overlays}}};
    auto store = make_store(tree.root(), "cluster");
    ResolvedCard card = store.retrieve_card("m@");
    CHECK(card.environments().empty());
    CHECK(field_text(card, "checkpoint") == "base");
    CHECK(card.overlay() == nullptr);
}

TEST_CASE("an overlay is merged key by key, not deeply") {
    TempTree tree{{{"m.yaml",
                    "name: m\nmodel_config: {a: 1, b: 2}\n---\nname: m@user\nmodel_config: {a: 9}\n"}}};
    auto store = make_store(tree.root());
    const Value& config = *store.retrieve_card("m").field("model_config")->value;
    CHECK(config.find("a")->as_int() == 9);
    CHECK(config.find("b") == nullptr);
}

TEST_CASE("an overlay alone is not a card") {
    TempTree tree{{{"m.yaml", "name: orphan@user\nx: 1\n"}}};
    auto store = make_store(tree.root());
    CHECK(error_code(store, "orphan") == "asset-not-found");
    CHECK(error_code(store, "orphan@user") == "asset-not-found");
}

TEST_CASE("fields are read leaf first along the base chain") {
    TempTree tree{{{"c.yaml",
                    "name: root\nmodel_family: llama\nurl: root-url\n---\n"
                    "name: mid\nbase: root\nurl: mid-url\n---\n"
                    "name: leaf\nbase: mid\nmodel_arch: 8b\n"}}};
    auto store = make_store(tree.root());
    ResolvedCard card = store.retrieve_card("leaf");
    REQUIRE(card.chain().size() == 3);
    CHECK(card.chain()[0].card->name == "leaf@");
    CHECK(card.chain()[2].card->name == "root@");
    CHECK(field_text(card, "url") == "mid-url");
    CHECK(field_text(card, "model_family") == "llama");
    CHECK(field_text(card, "model_arch") == "8b");
    CHECK(field_text(card, "base") == "mid");
    CHECK(card.field("model_family")->card->name == "root@");
}

TEST_CASE("a base and an overlay are found by names of any length") {
    // find_plain_card builds `name@` in a small buffer, or a string past it.
    for (std::size_t length : {1u, 126u, 127u, 128u, 300u}) {
        std::string root(length, 'r');
        TempTree tree{{{"c.yaml", "name: " + root + "\nurl: root-url\n---\nname: " + root +
                                      "@user\nurl: user-url\n---\nname: leaf\nbase: " + root + "\n"}}};
        auto store = make_store(tree.root());
        CAPTURE(length);
        REQUIRE(store.find_plain_card(root) != nullptr);
        CHECK(store.find_plain_card(root)->name == root + "@");
        CHECK(store.find_plain_card(root + "x") == nullptr);
        ResolvedCard card = store.retrieve_card("leaf");
        REQUIRE(card.chain().size() == 2);
        CHECK(card.chain()[1].card->name == root + "@");
        CHECK(field_text(card, "url") == "user-url");
    }
}

TEST_CASE("bases are resolved with the same environments, each with its own overlay") {
    TempTree tree{{{"c.yaml",
                    "name: root\nurl: root\n---\nname: root@cluster\nurl: root-cluster\n---\n"
                    "name: leaf\nbase: root\n"}}};
    auto store = make_store(tree.root(), "cluster");
    ResolvedCard card = store.retrieve_card("leaf");
    CHECK(field_text(card, "url") == "root-cluster");
    CHECK(card.chain()[1].overlay->name == "root@cluster");
    CHECK(card.overlay() == nullptr);
    CHECK(field_text(store.retrieve_card("leaf@"), "url") == "root");
}

TEST_CASE("an overlay may change the base") {
    TempTree tree{{{"c.yaml",
                    "name: a\nurl: a\n---\nname: b\nurl: b\n---\nname: leaf\nbase: a\n---\n"
                    "name: leaf@user\nbase: b\n"}}};
    auto store = make_store(tree.root());
    CHECK(field_text(store.retrieve_card("leaf"), "url") == "b");
    CHECK(field_text(store.retrieve_card("leaf@"), "url") == "a");
}

TEST_CASE("a missing base is an error of the card that holds `base`, the leaf named in the hint") {
    TempTree tree{{{"c.yaml", "name: mid\nbase: gone\n---\nname: leaf\nbase: mid\n"}}};
    auto store = make_store(tree.root());
    CHECK(error_code(store, "leaf") == "base-not-found");
    try {
        store.retrieve_card("leaf");
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(error.diagnostic().asset == "mid");
        CHECK(std::string{error.what()}.find("'gone' of 'mid'") != std::string::npos);
        CHECK(error.diagnostic().hint == "'leaf' builds on 'mid'.");
        CHECK(error.diagnostic().location.line == 2); // `base: gone` of mid
    }
}

TEST_CASE("a base in a file that failed to load is said to be there, not missing") {
    TempTree tree{{{"a.yaml", "name: leaf\nbase: broken_base\n"},
                   {"b.yaml", "name: broken_base\nmodel_family: llama\nx: [1, 2\n"}}};
    auto store = make_store(tree.root());
    try {
        store.retrieve_card("leaf");
        FAIL("no error");
    } catch (const Error& error) {
        CHECK(error.code() == DiagnosticCode::base_not_found);
        CHECK(std::string{error.what()}.find("is in " + (tree / "b.yaml").string() + ":1:1, which failed to "
                                             "load") != std::string::npos);
        CHECK(std::string{error.what()}.find("add a card") == std::string::npos);
    }
}

TEST_CASE("a base cycle is an error that prints the cycle") {
    TempTree tree{{{"c.yaml", "name: a\nbase: b\n---\nname: b\nbase: c\n---\nname: c\nbase: a\n"}}};
    auto store = make_store(tree.root());
    CHECK(error_code(store, "a") == "base-cycle");
    CHECK(error_message(store, "a").find("a -> b -> c -> a") != std::string::npos);
}

TEST_CASE("the docs' `my_model@user` with `base: my_model` is a cycle, overlay shown") {
    TempTree tree{{{"c.yaml", "name: my_model\nurl: x\n---\nname: my_model@user\nbase: my_model\n"}}};
    auto store = make_store(tree.root());
    CHECK(error_message(store, "my_model").find("my_model (overlay my_model@user) -> my_model") !=
          std::string::npos);
    CHECK(error_code(store, "my_model@") == "no error");
}

TEST_CASE("a card that is its own base is a cycle") {
    TempTree tree{{{"c.yaml", "name: a\nbase: a\n"}}};
    CHECK(error_code(make_store(tree.root()), "a") == "base-cycle");
}

TEST_CASE("a name that is not found is an error with a suggestion") {
    TempTree tree{{{"c.yaml", "name: llama3_8b\n"}}};
    auto store = make_store(tree.root());
    CHECK(error_code(store, "llama3_8") == "asset-not-found");
    try {
        store.retrieve_card("llama3_8");
    } catch (const Error& error) {
        CHECK(error.diagnostic().hint == "Did you mean 'llama3_8b'?");
    }
    CHECK(error_code(store, "") == "asset-not-found");
    CHECK(error_code(store, "@user") == "asset-not-found");
}

TEST_CASE("effective fields list the leaf's keys first, each with its card and line") {
    TempTree tree{{{"c.yaml",
                    "name: root\nurl: r\nmodel_family: llama\n---\n"
                    "name: leaf\nbase: root\nurl: l\n---\nname: leaf@user\ncheckpoint: c\n"}}};
    auto store = make_store(tree.root());
    ResolvedCard card = store.retrieve_card("leaf");
    std::vector<std::string> keys;
    for (const auto& field : card.fields())
        keys.push_back(*field.key);
    CHECK(keys == std::vector<std::string>{"base", "url", "__base_path__", "__source__",
                                           "checkpoint", "model_family"});
    const EffectiveField* checkpoint = card.field("checkpoint");
    CHECK(checkpoint->card->name == "leaf@user");
    CHECK(checkpoint->mark.line == 10);
    CHECK(card.field("model_family")->mark.line == 3);
    // The overlay's __source__ wins, as in fairseq2's dict.update().
    CHECK(card.field("__source__")->card->name == "leaf@user");
}

TEST_CASE("asset names are the cards that are not overlays, in source order") {
    TempTree tree{{{"a.yaml", "name: b\n---\nname: b@user\n---\nname: a\n"}}};
    auto store = make_store(tree.root());
    CHECK(store.asset_names() == std::vector<std::string_view>{"b", "a"});
}

namespace {

// Each effective field of a card as "key=value (card, file:line:column)",
// values as their YAML type and text.
std::vector<std::string> field_lines(const ResolvedCard& card) {
    std::vector<std::string> lines;
    for (const EffectiveField& field : card.fields())
        lines.push_back(*field.key + "=" + field.value->type_name() + ":" +
                        (field.value->is_string() ? field.value->as_string() : "") + " (" + field.card->name + ", " +
                        field.location().to_string() + ")");
    return lines;
}

AssetStore deferring_store(const std::filesystem::path& root, std::optional<std::string> detected = std::nullopt) {
    AssetEnvironment environment;
    environment.name = std::move(detected);
    return AssetStore{load_asset_sources({path_source(root)}, {.defer_fields = true}), environment};
}

const std::vector<std::pair<std::string, std::string>> deferral_tree = {
    {"a/one.yaml", "name: root\nmodel_family: llama\nurl: root-url\n---\n"
                   "name: mid\nbase: root\nnum_shards: 2\n---\nname: root@cluster\nurl: cluster-url\n"},
    {"b/two.yaml", "name: leaf\nbase: mid\nmodel_arch: 8b\ntokenizer: 'hg://t'\n---\n"
                   "name: leaf@user\ncheckpoint: /user.pt\n---\nname: mid@cluster\nbase: other\n---\n"
                   "name: other\nurl: other-url\n"},
    {"c.yaml", "name: root\nurl: a duplicate, dropped\n---\nname: gone_base\nbase: nowhere\n"},
};

} // namespace

TEST_CASE("with fields deferred, every card resolves as it does read whole") {
    TempTree tree{deferral_tree};
    AssetStore whole = make_store(tree.root(), "cluster");
    AssetStore deferred = deferring_store(tree.root(), "cluster");
    CHECK(codes(deferred.diagnostics()) == codes(whole.diagnostics()));
    for (std::string name : {"leaf", "leaf@", "leaf@cluster", "mid", "root", "other", "root@cluster"}) {
        CAPTURE(name);
        CHECK(field_lines(deferred.retrieve_card(name)) == field_lines(whole.retrieve_card(name)));
    }
    CHECK(error_message(deferred, "gone_base") == error_message(whole, "gone_base"));
    CHECK(error_message(deferred, "lef") == error_message(whole, "lef"));
}

TEST_CASE("with fields deferred, a card not asked for keeps only its base until it is") {
    TempTree tree{deferral_tree};
    AssetStore store = deferring_store(tree.root());
    const AssetCard* mid = nullptr;
    for (const LoadedSource& source : store.sources())
        for (const AssetCard& card : source.cards)
            if (card.name == "mid@")
                mid = &card;
    REQUIRE(mid != nullptr);
    CHECK(mid->metadata.as_map().size() == 1);
    CHECK(mid->metadata.find("base") != nullptr);
    // Reading one card of a file reads the file's other deferred cards too.
    store.retrieve_card("root");
    CHECK(mid->metadata.find("num_shards") != nullptr);
    CHECK(mid->find_field("__source__") != nullptr);
    CHECK(&store.loaded(*mid) == mid);
}

TEST_CASE("with fields deferred, a card whose file changed since is an error, not a stale card") {
    TempTree tree{deferral_tree};
    AssetStore store = deferring_store(tree.root());
    tree.write("b/two.yaml", "name: other\nurl: other-url\n");
    CHECK(error_code(store, "leaf") == "file-unreadable");
    CHECK(error_message(store, "leaf").find("changed while it was read") != std::string::npos);
}

// `validate cards` reads each card file once, whatever number of sources
// lead to it, and checks every overlay the validated paths hold, wherever
// its card lives.
#include <doctest/doctest.h>

#include "process.hpp"
#include "temp_tree.hpp"

using namespace fairseq2::testing;
using Json = nlohmann::ordered_json;

namespace {

const char* clean_cards = "name: a\nmodel_family: llama\nmodel_arch: llama3_8b\n---\nname: b\nbase: a\n";

Json validate(const std::vector<std::string>& args, const RunOptions& options = {}, int status = 0) {
    std::vector<std::string> full{"--no-extensions"};
    full.insert(full.end(), args.begin(), args.end());
    full.insert(full.end(), {"--format", "json"});
    auto r = run_ctl(full, options);
    CHECK_MESSAGE(r.status == status, std::string{r.out + r.err});
    return r.json();
}

std::vector<std::string> codes(const Json& json) {
    std::vector<std::string> out;
    for (const auto& d : json["diagnostics"])
        out.push_back(d["code"]);
    return out;
}

} // namespace

TEST_CASE("the system directory validated is read once, not a duplicate of itself") {
    TempTree tree{{{"c.yaml", clean_cards}}};
    RunOptions options;
    options.env["FAIRSEQ2_ASSET_DIR"] = tree.root().string();
    auto json = validate({"validate", "cards", tree.root().string()}, options);
    CHECK(codes(json).empty());
    CHECK(json["files"] == 1);
    CHECK(json["cards"] == 2);
}

TEST_CASE("the user directory, a --cards path and the current directory validated are read once") {
    TempTree tree{{{"c.yaml", clean_cards}, {"sub/d.yaml", "name: d\n"}}};
    RunOptions user;
    user.env["FAIRSEQ2_USER_ASSET_DIR"] = tree.root().string();
    CHECK(validate({"validate", "cards", tree.root().string()}, user)["files"] == 2);

    auto cards = validate({"--cards", tree.root().string(), "validate", "cards", tree.root().string()});
    CHECK(codes(cards).empty());
    CHECK(cards["files"] == 2);

    RunOptions inside;
    inside.cwd = tree.root().string();
    auto dot = validate({"--cards", tree.root().string(), "validate", "cards", "."}, inside);
    CHECK(codes(dot).empty());
    CHECK(dot["cards"] == 3);
}

TEST_CASE("a path inside another validated path, or spelt differently, is the same source") {
    TempTree tree{{{"c.yaml", clean_cards}, {"sub/d.yaml", "name: d\n"}}};
    std::filesystem::create_directory_symlink(tree.root(), tree.root().string() + "-link");
    auto json = validate({"--no-default-cards", "validate", "cards", tree.root().string(), (tree / "sub").string(),
                          tree.root().string() + "/", tree.root().string() + "/./sub", tree.root().string() + "-link"});
    CHECK(codes(json).empty());
    CHECK(json["files"] == 2);
    CHECK(json["cards"] == 3);
    std::filesystem::remove(tree.root().string() + "-link");
}

TEST_CASE("a validated path inside a configured source validates only its own files") {
    TempTree tree{{{"top.yaml", "name: top\nbase: gone\n"}, {"sub/d.yaml", "name: d\n"}}};
    RunOptions options;
    options.env["FAIRSEQ2_ASSET_DIR"] = tree.root().string();
    auto json = validate({"validate", "cards", (tree / "sub").string()}, options);
    CHECK(codes(json).empty()); // top.yaml's broken base is not in the validated path
    CHECK(json["files"] == 1);
}

TEST_CASE("a cluster's overlays of cards from another source are checked in their environment") {
    // The platform team's directory: overlays of the built-in cards.
    TempTree cluster{{{"rsc.yaml", "name: llama3_8b@rsc\nmodel_arch: llama3_9b\n---\n"
                                   "name: mistral_7b@rsc\nmodel_family: mistrall\n---\n"
                                   "name: qwen25_7b_instruct@rsc\nmodel_config_overrides:\n  num_layerz: 2\n"}}};
    auto json = validate({"validate", "cards", cluster.root().string()}, {}, 1);
    CHECK(codes(json) == std::vector<std::string>{"unknown-arch", "unknown-family", "unknown-config-field"});
    for (const auto& d : json["diagnostics"])
        CHECK(d["environment"] == "rsc");
    CHECK(json["diagnostics"][0]["line"] == 2);
    CHECK(json["diagnostics"][0]["hint"] == "Did you mean 'llama3_8b'?");
    CHECK(json["diagnostics"][2]["line"] == 9);

    auto text = run_ctl({"--no-extensions", "validate", "cards", cluster.root().string()});
    CHECK(contains(text.out, "(in environment rsc) [unknown-arch]"));
}

TEST_CASE("an overlay of a base card is checked through every card that inherits it, reported once") {
    TempTree cluster{{{"rsc.yaml", "name: llama3@rsc\nmodel_family: lama\n"}}};
    auto json = validate({"validate", "cards", cluster.root().string()}, {}, 1);
    REQUIRE(codes(json) == std::vector<std::string>{"unknown-family"});
    CHECK(json["diagnostics"][0]["asset"] == "llama3@rsc");
    CHECK(json["diagnostics"][0]["environment"] == "rsc");
}

TEST_CASE("a card is checked in `user` alone when a cluster is detected; without one, `user` is its default") {
    // The cluster's overlay fixes the base's arch: looked up by default the
    // card is fine on the cluster, but `c@user` alone meets the base's error.
    TempTree tree{{{"c.yaml", "name: b\nmodel_family: llama\nmodel_arch: llama3_9b\n---\n"
                              "name: b@mycluster\nmodel_arch: llama3_8b\n---\n"
                              "name: c\nbase: b\n---\nname: c@user\ncheckpoint: /user/c.pt\n"}}};
    auto cluster = validate({"--no-default-cards", "--env", "mycluster", "validate", "cards", tree.root().string()},
                            {}, 1);
    REQUIRE(codes(cluster) == std::vector<std::string>{"unknown-arch"});
    CHECK(cluster["diagnostics"][0]["environment"] == "user");
    CHECK(cluster["diagnostics"][0]["line"] == 3);

    // Without a cluster the default look-up is `user` alone: the error is
    // met there, once, in no named environment.
    auto plain = validate({"--no-default-cards", "validate", "cards", tree.root().string()}, {}, 1);
    REQUIRE(codes(plain) == std::vector<std::string>{"unknown-arch"});
    CHECK(plain["diagnostics"][0]["environment"].is_null());
    CHECK(plain["diagnostics"][0]["line"] == 3);
}

TEST_CASE("good overlays of other sources' cards validate clean") {
    TempTree cluster{{{"rsc.yaml", "name: llama3_8b@rsc\ncheckpoint: /checkpoint/llama3_8b.pt\n---\n"
                                   "name: qwen25_7b_instruct@rsc\nmodel_config_overrides:\n  max_seq_len: 4096\n"}}};
    CHECK(codes(validate({"validate", "cards", cluster.root().string()})).empty());
}

TEST_CASE("problems point at their cause: a base in a broken file, a bad base once") {
    TempTree tree{{{"broken.yaml", "name: root\nmodel_family: llama\nbad: [1, 2\n"},
                   {"cards.yaml", "name: child\nbase: root\n---\nname: mid\nbase: gone\n---\n"
                                  "name: leaf1\nbase: mid\n---\nname: leaf2\nbase: mid\n"}}};
    auto json = validate({"--no-default-cards", "validate", "cards", tree.root().string()}, {}, 1);
    CHECK(codes(json) == std::vector<std::string>{"yaml-syntax", "base-not-found", "base-not-found"});
    CHECK(contains(json["diagnostics"][1]["message"].get<std::string>(),
                   "The base asset card 'root' of 'child' is in " + (tree / "broken.yaml").string() +
                       ":1:1, which failed to load"));
    CHECK(json["diagnostics"][2]["asset"] == "mid");
    CHECK(json["diagnostics"][2]["line"] == 5);
}

TEST_CASE("an extension's card directory validated is read once") {
    // The shipped mycluster extension registers this directory itself.
    std::string cards = std::string{SYSTEM_EXTENSIONS_DIR} + "/mycluster-cards";
    auto r = run_ctl({"validate", "cards", cards, "--format", "json"});
    CHECK(r.status == 0);
    auto json = r.json();
    CHECK(codes(json).empty());
    CHECK(json["files"] == 1);
}

TEST_CASE("a linked card file in another directory is a card of its own, as in fairseq2") {
    TempTree tree{{{"a/c.yaml", "name: c\n"}}};
    std::filesystem::create_directory(tree / "b");
    std::filesystem::create_symlink(tree / "a/c.yaml", tree / "b/c.yaml");
    // fairseq2 reads both, with two directories, and refuses the name twice.
    auto json = validate({"--no-default-cards", "validate", "cards", tree.root().string()}, {}, 1);
    CHECK(codes(json) == std::vector<std::string>{"duplicate-name"});
}

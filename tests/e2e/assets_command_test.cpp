#include <doctest/doctest.h>

#include <sys/stat.h>

#include "process.hpp"
#include "temp_tree.hpp"

using namespace fairseq2::testing;

namespace {

const std::string reference_cards = TEST_DATA_DIR "/fairseq2-cards";

const char* cluster_cards = R"(name: my_model
model_family: llama
checkpoint: /shared/my_model.pt
---
name: my_model@user
checkpoint: /home/me/my_model.pt
---
name: my_model@mycluster
checkpoint: /cluster/my_model.pt
---
name: my_model_ft
base: my_model
model_arch: llama3_8b
)";

} // namespace

TEST_CASE("assets list groups the built-in cards by source as kind:name") {
    auto r = run_ctl({"assets", "list"});
    CHECK(r.status == 0);
    CHECK(contains(r.out, "\n  package:fairseq2.assets.cards\n   - "));
    CHECK(contains(r.out, "\n   - model:llama3_8b@\n"));
    CHECK(contains(r.out, "\n   - tokenizer:llama3_8b@\n"));
    // The built-in cards are fairseq2's, byte for byte, and fairseq2 cannot
    // load this one: it is skipped with fairseq2's warning.
    CHECK_FALSE(contains(r.out, "librispeech_asr_100h"));
    CHECK(contains(r.err, "warning: librispeech_asr_100h@ asset card cannot be loaded. Skipping."));
}

TEST_CASE("assets list --kind keeps one kind, and `other` is for cards with no family") {
    TempTree tree{{{"c.yaml", "name: plain\nurl: x\n---\nname: ds\ndataset_family: generic_asr\n"}}};
    auto all = run_ctl({"--no-default-cards", "--no-extensions", "--cards", tree.root().string(), "assets", "list"});
    CHECK(contains(all.out, "   - other:plain@\n"));
    CHECK(contains(all.out, "   - dataset:ds@\n"));
    auto datasets = run_ctl(
        {"--no-default-cards", "--no-extensions", "--cards", tree.root().string(), "assets", "list", "--kind", "dataset"});
    CHECK(datasets.status == 0);
    CHECK(contains(datasets.out, "   - dataset:ds@\n"));
    CHECK_FALSE(contains(datasets.out, "plain"));
}

TEST_CASE("assets list --format json") {
    auto r = run_ctl({"--no-extensions", "assets", "list", "--kind", "model", "--format", "json"});
    REQUIRE(r.status == 0);
    auto json = r.json();
    REQUIRE(json["sources"].size() == 1);
    CHECK(json["sources"][0]["source"] == "package:fairseq2.assets.cards");
    bool found = false;
    for (const auto& asset : json["sources"][0]["assets"])
        if (asset["name"] == "llama3_8b@") {
            found = true;
            CHECK(asset["kind"] == "model");
        }
    CHECK(found);
}

TEST_CASE("assets list skips a card that cannot be loaded with fairseq2's warning, and exits 0") {
    auto r = run_ctl({"--no-default-cards", "--no-extensions", "--cards", reference_cards, "assets", "list"});
    CHECK(r.status == 0);
    CHECK(contains(r.err, "warning: librispeech_asr_100h@ asset card cannot be loaded. Skipping."));
    CHECK(contains(r.err, "[base-not-found]"));
    CHECK_FALSE(contains(r.out, "librispeech_asr_100h"));
    CHECK(contains(r.out, "   - dataset:librispeech_asr_960h@\n"));
}

TEST_CASE("assets show prints each card of the chain, leaf first, with source and file:line") {
    auto r = run_ctl({"assets", "show", "llama3_8b_instruct"});
    REQUIRE(r.status == 0);
    auto leaf = r.out.find("llama3_8b_instruct  package:fairseq2.assets.cards  <builtin>/models/llama.yaml:");
    auto mid = r.out.find("llama3_instruct  package:");
    auto root = r.out.find("\nllama3  package:");
    CHECK(leaf != std::string::npos);
    CHECK(leaf < mid);
    CHECK(mid < root);
    CHECK(root != std::string::npos);
    CHECK(contains(r.out, "  base        llama3_instruct"));
}

TEST_CASE("assets show --format json lists the chain with each card's own fields") {
    TempTree tree{{{"c.yaml", cluster_cards}}};
    auto r = run_ctl({"--no-default-cards", "--no-extensions", "--cards", tree.root().string(), "assets", "show",
                      "my_model_ft", "--format", "json"});
    REQUIRE(r.status == 0);
    auto json = r.json();
    CHECK(json["environments"] == nlohmann::ordered_json{"user"});
    REQUIRE(json["chain"].size() == 2);
    CHECK(json["chain"][0]["name"] == "my_model_ft");
    CHECK(json["chain"][0]["line"] == 11);
    CHECK(json["chain"][0]["overlay"].is_null());
    CHECK(json["chain"][1]["overlay"]["name"] == "my_model@user");
    CHECK(json["chain"][1]["overlay"]["fields"]["checkpoint"] == "/home/me/my_model.pt");
}

TEST_CASE("assets show of an unknown name exits 2 with a suggestion") {
    auto r = run_ctl({"assets", "show", "llama3_8"});
    CHECK(r.status == 2);
    CHECK(contains(r.err, "An asset card named 'llama3_8' is not found"));
    CHECK(contains(r.err, "Did you mean 'llama3_8b'?"));
}

TEST_CASE("assets resolve prints effective fields with the card and line they came from") {
    auto r = run_ctl({"assets", "resolve", "llama3_8b_instruct"});
    REQUIRE(r.status == 0);
    CHECK(contains(r.out, "chain         llama3_8b_instruct -> llama3_instruct -> llama3\n"));
    CHECK(contains(r.out, "overlay       none\n"));
    CHECK(contains(r.out, "tokenizer_config_overrides  {use_eot: true}"));
    CHECK(contains(r.out, "llama3_instruct     <builtin>/models/llama.yaml:"));
}

TEST_CASE("assets resolve --format json has the documented shape with provenance") {
    auto r = run_ctl({"assets", "resolve", "llama3_8b", "--format", "json"});
    REQUIRE(r.status == 0);
    auto json = r.json();
    CHECK(json["environments"] == nlohmann::ordered_json{"user"});
    auto asset = json["assets"]["llama3_8b"];
    CHECK(asset["fields"]["model_arch"] == "llama3_8b");
    CHECK(asset["fields"]["model_family"] == "llama");
    CHECK(asset["fields"]["use_v2_tokenizer"] == true);
    CHECK(asset["fields"]["tokenizer_config_overrides"]["impl"] == "hg");
    CHECK(asset["fields"]["__source__"] == "package:fairseq2.assets.cards");
    CHECK(asset["fields"]["__base_path__"] == "<builtin>/models");
    CHECK(asset["chain"] == nlohmann::ordered_json{"llama3_8b", "llama3"});
    CHECK(asset["overlay"].is_null());
    CHECK(asset["provenance"]["model_family"]["card"] == "llama3");
    CHECK(asset["provenance"]["model_family"]["file"] == "<builtin>/models/llama.yaml");
    CHECK(asset["provenance"]["model_family"]["line"] == 71);
    CHECK(asset["provenance"]["model_arch"]["card"] == "llama3_8b");
}

TEST_CASE("assets resolve picks the @user overlay from the user directory") {
    TempTree user{{{"llama.yaml", "name: llama3_8b@user\ncheckpoint: /data/ckpt.pt\n"}}};
    RunOptions options;
    options.env["FAIRSEQ2_USER_ASSET_DIR"] = user.root().string();
    auto r = run_ctl({"assets", "resolve", "llama3_8b", "--format", "json"}, options);
    REQUIRE(r.status == 0);
    auto asset = r.json()["assets"]["llama3_8b"];
    CHECK(asset["overlay"] == "llama3_8b@user");
    CHECK(asset["fields"]["checkpoint"] == "/data/ckpt.pt");
    CHECK(asset["provenance"]["checkpoint"]["card"] == "llama3_8b@user");
    CHECK(asset["fields"]["__source__"] == "path:" + user.root().string());

    auto plain = run_ctl({"assets", "resolve", "llama3_8b@", "--format", "json"}, options);
    CHECK(plain.json()["environments"] == nlohmann::ordered_json::array());
    CHECK(plain.json()["assets"]["llama3_8b"]["overlay"].is_null());
}

TEST_CASE("--env and NAME@ENV choose the environment overlay") {
    TempTree tree{{{"c.yaml", cluster_cards}}};
    std::vector<std::string> base{"--no-default-cards", "--no-extensions", "--cards", tree.root().string()};

    auto with_env = base;
    with_env.insert(with_env.end(), {"--env", "mycluster", "assets", "resolve", "my_model_ft",
                                     "--format", "json"});
    auto r = run_ctl(with_env);
    REQUIRE(r.status == 0);
    // `user` is tried first, so the user overlay still wins over mycluster.
    CHECK(r.json()["environments"] == nlohmann::ordered_json{"user", "mycluster"});
    CHECK(r.json()["assets"]["my_model_ft"]["fields"]["checkpoint"] == "/home/me/my_model.pt");

    auto only_cluster = base;
    only_cluster.insert(only_cluster.end(), {"assets", "resolve", "my_model_ft@mycluster", "--format", "json"});
    r = run_ctl(only_cluster);
    REQUIRE(r.status == 0);
    CHECK(r.json()["environments"] == nlohmann::ordered_json{"mycluster"});
    CHECK(r.json()["assets"]["my_model_ft"]["fields"]["checkpoint"] == "/cluster/my_model.pt");
    CHECK(r.json()["assets"]["my_model_ft"]["provenance"]["checkpoint"]["card"] == "my_model@mycluster");
}

TEST_CASE("assets resolve of an unknown name exits 2 and prints the shape with the error") {
    auto r = run_ctl({"assets", "resolve", "nope", "--format", "json"});
    CHECK(r.status == 2);
    auto asset = r.json()["assets"]["nope"];
    CHECK(asset["error"]["code"] == "asset-not-found");
    CHECK(asset["chain"] == nlohmann::ordered_json::array());
    CHECK(contains(r.err, "[asset-not-found]"));
}

TEST_CASE("assets resolve of fairseq2's librispeech_asr_100h fails as fairseq2 does (exit 1)") {
    auto r = run_ctl({"--no-default-cards", "--no-extensions", "--cards", reference_cards, "assets", "resolve",
                      "librispeech_asr_100h", "--format", "json"});
    CHECK(r.status == 1);
    auto error = r.json()["assets"]["librispeech_asr_100h"]["error"];
    CHECK(error["code"] == "base-not-found");
    CHECK(contains(error["message"].get<std::string>(), "'wav2vec2_asr' of 'librispeech_asr_100h'"));
    CHECK(error["line"] == 24);
}

TEST_CASE("assets resolve --all resolves every built-in card but the one fairseq2 cannot load") {
    auto r = run_ctl({"assets", "resolve", "--all", "--format", "json"});
    CHECK(r.status == 1);
    auto json = r.json();
    CHECK(json["environments"] == nlohmann::ordered_json{"user"});
    CHECK(json["assets"].size() > 80);
    for (const auto& item : json["assets"].items()) {
        // Not a structured binding: Clang 14 cannot capture one in CHECK's lambda.
        const std::string& name = item.key();
        CHECK_MESSAGE(item.value().contains("fields") == (name != "librispeech_asr_100h"), name);
    }
}

TEST_CASE("resolving the built-in librispeech_asr_100h fails as in fairseq2, with the family hint") {
    auto r = run_ctl({"assets", "resolve", "librispeech_asr_100h"});
    CHECK(r.status == 1);
    CHECK(contains(r.err, "<builtin>/datasets/librispeech.yaml:24:1: error: The base asset card "
                          "'wav2vec2_asr' of 'librispeech_asr_100h' is not found."));
    CHECK(contains(r.err, "'wav2vec2_asr' is a dataset family, and the sibling cards of this file "
                          "name it so: did you mean `dataset_family: wav2vec2_asr`?"));
    auto json = run_ctl({"assets", "resolve", "librispeech_asr_100h", "--format", "json"}).json();
    CHECK(json["assets"]["librispeech_asr_100h"]["error"]["code"] == "base-not-found");
    CHECK(contains(json["assets"]["librispeech_asr_100h"]["error"]["hint"].get<std::string>(),
                   "`dataset_family: wav2vec2_asr`"));
}

TEST_CASE("assets resolve --all on fairseq2's cards fails on librispeech_asr_100h only") {
    auto r = run_ctl({"--no-default-cards", "--no-extensions", "--cards", reference_cards, "assets", "resolve", "--all",
                      "--format", "json"});
    CHECK(r.status == 1);
    int failures = 0;
    auto json = r.json();
    for (const auto& [name, asset] : json["assets"].items())
        if (asset.contains("error")) {
            ++failures;
            CHECK(name == "librispeech_asr_100h");
        }
    CHECK(failures == 1);
}

TEST_CASE("assets resolve --all in text prints one block per asset") {
    TempTree tree{{{"c.yaml", "name: a\nurl: x\n---\nname: b\nbase: a\n"}}};
    auto r = run_ctl({"--no-default-cards", "--no-extensions", "--cards", tree.root().string(), "assets", "resolve", "--all"});
    CHECK(r.status == 0);
    CHECK(contains(r.out, "a\n  environments  user\n"));
    CHECK(contains(r.out, "\nb\n  environments  user\n"));
    CHECK(contains(r.out, "chain         b -> a\n"));
}

TEST_CASE("a base cycle is reported with the cycle, exit 1") {
    TempTree tree{{{"c.yaml", "name: my_model\nurl: x\n---\nname: my_model@user\nbase: my_model\n"}}};
    auto r = run_ctl({"--no-default-cards", "--no-extensions", "--cards", tree.root().string(), "assets", "resolve", "my_model"});
    CHECK(r.status == 1);
    CHECK(contains(r.err, "my_model (overlay my_model@user) -> my_model"));
    CHECK(contains(r.err, "[base-cycle]"));
}

TEST_CASE("a name in two sources is an error naming both, and the first card is kept") {
    TempTree tree{{{"c.yaml", "name: llama3_8b\nurl: mine\n"}}};
    auto r = run_ctl({"--cards", tree.root().string(), "assets", "resolve", "llama3_8b", "--format", "json"});
    CHECK(r.status == 1);
    CHECK(contains(r.err, "package:fairseq2.assets.cards"));
    CHECK(contains(r.err, "path:" + tree.root().string()));
    CHECK(contains(r.err, "[duplicate-name]"));
    CHECK(r.json()["assets"]["llama3_8b"]["fields"]["model_arch"] == "llama3_8b");
}

TEST_CASE("--no-default-cards leaves only the --cards given") {
    TempTree tree{{{"c.yaml", "name: only\n"}}};
    auto r = run_ctl({"--no-default-cards", "--no-extensions", "--cards", tree.root().string(), "assets", "list"});
    CHECK(r.status == 0);
    CHECK(contains(r.out, "other:only"));
    CHECK_FALSE(contains(r.out, "llama"));
}

TEST_CASE("the system directory comes from FAIRSEQ2_ASSET_DIR; a missing one warns and falls back") {
    TempTree system{{{"s.yaml", "name: site_model\nmodel_family: llama\n"}}};
    RunOptions options;
    options.env["FAIRSEQ2_ASSET_DIR"] = system.root().string();
    auto r = run_ctl({"assets", "list", "--kind", "model"}, options);
    CHECK(r.status == 0);
    CHECK(contains(r.out, "  path:" + system.root().string() + "\n   - model:site_model@\n"));

    options.env["FAIRSEQ2_ASSET_DIR"] = (system / "missing").string();
    r = run_ctl({"assets", "list"}, options);
    CHECK(r.status == 0);
    CHECK(contains(r.err, (system / "missing").string() + ": warning: " + (system / "missing").string() +
                              " pointed to by the FAIRSEQ2_ASSET_DIR environment variable is not "
                              "found. fairseq2 reads the default directory instead; fix or unset "
                              "the variable. [source-not-found]"));
    CHECK_FALSE(contains(r.out, "site_model"));
}

TEST_CASE("the user directory defaults to $XDG_CONFIG_HOME/fairseq2/assets") {
    TempTree config{{{"fairseq2/assets/u.yaml", "name: mine\n"}}};
    RunOptions options;
    options.env["XDG_CONFIG_HOME"] = config.root().string();
    auto r = run_ctl({"assets", "list"}, options);
    CHECK(contains(r.out, "   - other:mine@\n"));
}

TEST_CASE("bad files are reported with file and line, and the other cards still load") {
    TempTree tree{{{"good.yaml", "name: good\n"},
                   {"binary.yaml", std::string{"\x7f" "ELF\x02\x01\x01\x00\x00", 9}},
                   {"latin1.yaml", "name: caf\xe9\n"},
                   {"syntax.yaml", "name: a\n  bad: indent\n"},
                   {"deep.yaml", "name: deep\nx: " + std::string(50000, '[') + "\n"},
                   {"dup.yaml", "name: d\nurl: 1\nurl: 2\n"},
                   {"trailing.yaml", "name: t\n---\n"},
                   {"names.yaml", "name: 3\n---\nname: a@b@c\n---\nurl: x\n"}}};
    REQUIRE(::mkfifo((tree / "fifo.yaml").c_str(), 0600) == 0);
    auto r = run_ctl({"--no-default-cards", "--no-extensions", "--cards", tree.root().string(), "assets", "list"});
    CHECK(r.status == 1);
    for (const char* code : {"[yaml-syntax]", "[duplicate-key]", "[empty-document]", "[invalid-name]",
                             "[missing-name]", "[file-unreadable]"})
        CHECK_MESSAGE(contains(r.err, code), code);
    CHECK(contains(r.err, (tree / "dup.yaml").string() + ":3:1: error:"));
    CHECK(contains(r.err, (tree / "latin1.yaml").string() + ":1:10: error:"));
    CHECK(contains(r.out, "other:good"));
    CHECK(contains(r.out, "other:t"));
}

TEST_CASE("an alias bomb is refused quickly") {
    std::string bomb = "name: bomb\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (char c = 'b'; c <= 'k'; ++c) {
        bomb += std::string{c} + ": &" + c + " [";
        for (int i = 0; i < 9; ++i)
            bomb += std::string{i ? ", *" : "*"} + static_cast<char>(c - 1);
        bomb += "]\n";
    }
    TempTree tree{{{"bomb.yaml", bomb}}};
    auto r = run_ctl({"--no-default-cards", "--no-extensions", "--cards", tree.root().string(), "assets", "list"});
    CHECK(r.status == 1);
    CHECK(contains(r.err, "alias bomb"));
}

#include <doctest/doctest.h>

#include "process.hpp"
#include "temp_tree.hpp"

using namespace fairseq2::testing;
using Json = nlohmann::ordered_json;

TEST_CASE("families list shows fairseq2's families and the extensions'") {
    auto r = run_ctl({"families", "list", "--format", "json"});
    REQUIRE(r.status == 0);
    auto json = r.json();
    bool llama = false, custom = false;
    for (const auto& family : json["families"]) {
        if (family["kind"] == "model" && family["name"] == "llama") {
            llama = true;
            CHECK(family["origin"] == "fairseq2");
            CHECK(family["config_type"] == "LLaMAConfig");
            CHECK(family["archs"] == 13);
        }
        if (family["name"] == "my_custom_model") {
            custom = true;
            CHECK(family["origin"] == "example");
            CHECK(family["archs"] == 2);
        }
    }
    CHECK(llama);
    CHECK(custom);
}

TEST_CASE("families list --kind keeps one kind, in text as a table") {
    auto r = run_ctl({"--no-extensions", "families", "list", "--kind", "dataset"});
    CHECK(r.status == 0);
    CHECK(contains(r.out, "dataset  generic_asr"));
    CHECK_FALSE(contains(r.out, "model "));
}

TEST_CASE("families show llama shows LLaMAConfig, its fields and archs") {
    auto r = run_ctl({"families", "show", "llama", "--kind", "model"});
    REQUIRE(r.status == 0);
    CHECK(contains(r.out, "model llama  registered by fairseq2"));
    CHECK(contains(r.out, "config  LLaMAConfig"));
    CHECK(contains(r.out, "rope_scale.factor"));
    CHECK(contains(r.out, "archs 7b, 13b, 33b, 65b, llama2_7b"));

    auto json = run_ctl({"families", "show", "llama", "--format", "json"}).json();
    REQUIRE(json["families"].size() == 2); // the model and the tokenizer family
    auto model = json["families"][0];
    CHECK(model["fields"][0] == Json{{"name", "model_dim"}, {"type", "int"}, {"default", 4096}, {"required", false}});
    CHECK(model["archs"][7]["name"] == "llama3_8b");
    CHECK(json["families"][1]["config_type"] == "LLaMATokenizerConfig");
}

TEST_CASE("families show of an unknown family exits 2 with a suggestion") {
    auto r = run_ctl({"families", "show", "lama"});
    CHECK(r.status == 2);
    CHECK(contains(r.err, "No family named 'lama' is registered"));
    CHECK(contains(r.err, "Did you mean 'llama'?"));
}

TEST_CASE("assets resolve llama3_8b --config prints the config fairseq2 builds") {
    auto r = run_ctl({"assets", "resolve", "llama3_8b", "--config", "--format", "json"});
    REQUIRE(r.status == 0);
    auto asset = r.json()["assets"]["llama3_8b"];
    CHECK(asset["config"]["model_dim"] == 4096);
    CHECK(asset["config"]["vocab_size"] == 128256);
    CHECK(asset["config"]["num_key_value_heads"] == 8);
    CHECK(asset["config"]["rope_theta"] == 500000.0);
    CHECK(asset["config"]["rope_scale"]["factor"] == 8.0);
    CHECK(asset["tokenizer_config"] == Json{{"impl", "hg"}, {"use_eot", false}, {"split_regex", nullptr}});
    CHECK_FALSE(asset.contains("dataset_config"));

    auto text = run_ctl({"assets", "resolve", "llama3_8b", "--config"});
    CHECK(contains(text.out, "  config  model llama, arch llama3_8b\n"));
    CHECK(contains(text.out, "    vocab_size                 128256\n"));
}

TEST_CASE("a card's bad config override fails the resolve with its path and line") {
    TempTree tree{{{"c.yaml", "name: mine\nbase: llama3_8b\nmodel_config_overrides:\n  vocab_sise: 10\n"
                              "  max_seq_len: long\n"}}};
    auto r = run_ctl({"--no-extensions", "--cards", tree.root().string(), "assets", "resolve", "mine", "--config"});
    CHECK(r.status == 1);
    CHECK(contains(r.err, (tree / "c.yaml").string() + ":4:3: error:"));
    CHECK(contains(r.err, "hint: Did you mean 'vocab_size'?"));
    CHECK(contains(r.err, "[unknown-config-field]"));
    CHECK(contains(r.err, "`max_seq_len` config field is expected to be of type `int`, but is of type `str`"));
    CHECK(contains(r.err, "[config-type-mismatch]"));
}

TEST_CASE("an unknown arch or family fails the resolve --config") {
    TempTree tree{{{"c.yaml", "name: a\nmodel_family: llama\nmodel_arch: llama3_9b\n---\n"
                              "name: b\nmodel_family: lama\n"}}};
    auto r = run_ctl({"--no-extensions", "--no-default-cards", "--cards", tree.root().string(), "assets", "resolve",
                      "--all", "--config", "--format", "json"});
    CHECK(r.status == 1);
    CHECK(contains(r.err, "[unknown-arch]"));
    CHECK(contains(r.err, "Did you mean 'llama3_8b'?"));
    CHECK(contains(r.err, "[unknown-family]"));
}

TEST_CASE("the example extension's families build configs from its archs and cards") {
    auto r = run_ctl({"assets", "resolve", "my_custom_model_large", "--config", "--format", "json"});
    REQUIRE(r.status == 0);
    auto asset = r.json()["assets"]["my_custom_model_large"];
    CHECK(asset["config"] == Json{{"model_dim", 1024}, {"num_layers", 24}, {"num_attn_heads", 8},
                                  {"dropout_p", 0.1}, {"pad_idx", 0}, {"norm_order", "pre"}});
    CHECK(asset["tokenizer_config"]["special_tokens"] == Json{"<s>", "</s>"});
    auto dataset = run_ctl({"assets", "resolve", "custom_dataset_small", "--config", "--format", "json"});
    CHECK(dataset.json()["assets"]["custom_dataset_small"]["dataset_config"] ==
          Json{{"split", "train"}, {"max_num_examples", 100}});
}

TEST_CASE("extensions list shows the families and archs each extension registered") {
    auto json = run_ctl({"extensions", "list", "--format", "json"}).json();
    for (const auto& extension : json["extensions"])
        if (extension["name"] == "example") {
            CHECK(extension["registered"]["families"]["model"] == Json{"my_custom_model"});
            CHECK(extension["registered"]["families"]["tokenizer"] == Json{"custom_tokenizer"});
            CHECK(extension["registered"]["families"]["dataset"] == Json{"custom_dataset"});
            CHECK(extension["registered"]["archs"].size() == 2);
        }
}

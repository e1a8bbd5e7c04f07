// fairseq2 0.8.1's asset semantics, end to end: for each rule, a card tree
// that fairseq2 loads validates clean, and one that fairseq2 fails on gives
// the error, with the exact code, place and exit status.
#include <doctest/doctest.h>

#include "process.hpp"
#include "temp_tree.hpp"

using namespace fairseq2::testing;
using Json = nlohmann::ordered_json;

namespace {

// `validate cards TREE --format json` with the built-in families, no other
// cards and no extensions.
Json validate_json(const TempTree& tree, int expected_status, const RunOptions& options = {}) {
    auto r = run_ctl({"--no-default-cards", "--no-extensions", "validate", "cards", tree.root().string(),
                      "--format", "json"},
                     options);
    CHECK(r.status == expected_status);
    return r.json();
}

std::vector<std::string> codes_of(const Json& json) {
    std::vector<std::string> codes;
    for (const auto& d : json["diagnostics"])
        codes.push_back(d["code"]);
    return codes;
}

Json resolve_json(const TempTree& tree, const std::string& name, std::vector<std::string> extra = {},
                  const RunOptions& options = {}) {
    std::vector<std::string> args{"--no-default-cards", "--no-extensions", "--cards", tree.root().string(),
                                  "assets", "resolve", name, "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_ctl(args, options).json();
}

std::string real(const TempTree& tree) {
    return std::filesystem::canonical(tree.root()).string();
}

} // namespace

TEST_CASE("locations: resolve shows the URI fairseq2 opens, from the asked-for card's directory") {
    TempTree tree{{{"base/b.yaml", "name: family_card\nmodel_family: llama\ncheckpoint: weights/m.pt\n"
                                   "tokenizer_family: llama\ntokenizer: hg://org/tok\n"},
                   {"leaf/l.yaml", "name: leaf\nbase: family_card\n"}}};
    auto json = resolve_json(tree, "leaf");
    auto locations = json["assets"]["leaf"]["locations"];
    CHECK(locations["checkpoint"]["uri"] == "file://" + real(tree) + "/leaf/weights/m.pt");
    CHECK(locations["checkpoint"]["card"] == "leaf");
    CHECK(locations["tokenizer"]["uri"] == "hg://org/tok");

    auto text = run_ctl({"--no-default-cards", "--no-extensions", "--cards", tree.root().string(), "assets",
                         "resolve", "leaf"});
    CHECK(text.status == 0);
    CHECK(contains(text.out, "  locations\n    checkpoint  file://" + real(tree) + "/leaf/weights/m.pt\n"));
}

TEST_CASE("locations: validate checks the path fairseq2 opens, in both directions") {
    // The checkpoint lies beside the leaf card: fairseq2 finds it.
    TempTree good{{{"base/b.yaml", "name: root\nmodel_family: llama\ncheckpoint: m.pt\n"},
                   {"leaf/l.yaml", "name: leaf\nbase: root\n"},
                   {"leaf/m.pt", ""},
                   {"base/m.pt", ""}}};
    CHECK(codes_of(validate_json(good, 0)).empty());

    // It lies beside the base card only: fairseq2 looks beside the leaf.
    TempTree bad{{{"base/b.yaml", "name: root\nmodel_family: llama\ncheckpoint: m.pt\n"},
                  {"leaf/l.yaml", "name: leaf\nbase: root\n"},
                  {"base/m.pt", ""}}};
    auto json = validate_json(bad, 0);
    REQUIRE(codes_of(json) == std::vector<std::string>{"path-not-found"});
    CHECK(json["diagnostics"][0]["file"] == (bad / "base/b.yaml").string());
    CHECK(json["diagnostics"][0]["line"] == 3);
    CHECK(contains(json["diagnostics"][0]["message"].get<std::string>(),
                   "fairseq2 opens as " + real(bad) + "/leaf/m.pt"));
    auto strict = run_ctl({"--no-default-cards", "--no-extensions", "validate", "cards", bad.root().string(),
                           "--werror"});
    CHECK(strict.status == 1);
}

TEST_CASE("locations: a path fairseq2 percent-encodes is not the file on disk") {
    // Path.as_uri() encodes the space and Uri.to_path() does not decode it.
    TempTree tree{{{"c.yaml", "name: a\nmodel_family: llama\ncheckpoint: my model.pt\n"}, {"my model.pt", ""}}};
    auto json = validate_json(tree, 0);
    REQUIRE(codes_of(json) == std::vector<std::string>{"path-not-found"});
    CHECK(contains(json["diagnostics"][0]["message"].get<std::string>(), "/my%20model.pt"));
    CHECK(contains(json["diagnostics"][0]["hint"].get<std::string>(), "percent-encodes"));
    // A file:// URI is opened as written.
    TempTree uri{{{"c.yaml", "name: a\nmodel_family: llama\ncheckpoint: file:///nonexistent/my model.pt\n"}}};
    auto resolved = resolve_json(uri, "a");
    CHECK(resolved["assets"]["a"]["locations"]["checkpoint"]["uri"] == "file:///nonexistent/my model.pt");
}

TEST_CASE("URI schemes: file, s3, hg, http, https pass; gs and others fail") {
    TempTree good{{{"c.yaml", "name: a\nmodel_family: llama\ncheckpoint: s3://bucket/m.pt\n---\n"
                              "name: b\nmodel_family: llama\ncheckpoint: hg://org/m\n---\n"
                              "name: c\nmodel_family: llama\ncheckpoint: https://x/m.pt\n---\n"
                              "name: d\nmodel_family: llama\ncheckpoint: file:///abs/m.pt\n---\n"
                              "name: e\nmodel_family: llama\ncheckpoint: /abs/m.pt\n"}}};
    CHECK(codes_of(validate_json(good, 0)).empty());
    TempTree bad{{{"c.yaml", "name: a\nmodel_family: llama\ncheckpoint: gs://bucket/m.pt\n---\n"
                             "name: b\ntokenizer_family: llama\ntokenizer: ftp://x/t.model\n"}}};
    auto json = validate_json(bad, 1);
    CHECK(codes_of(json) == std::vector<std::string>{"invalid-uri", "invalid-uri"});
    auto resolved = resolve_json(bad, "a");
    CHECK(resolved["assets"]["a"]["locations"]["checkpoint"]["error"]["code"] == "invalid-uri");
}

TEST_CASE("tokenizer_ref: the referenced card's family, config and location are used") {
    TempTree good{{{"c.yaml", "name: model\nmodel_family: llama\ntokenizer_family: no_such_family\n"
                              "tokenizer_ref: tok\n---\n"
                              "name: tok\ntokenizer_family: llama\ntokenizer: /t.model\n"
                              "tokenizer_config: {use_eot: true}\n"}}};
    // The model card's own tokenizer_family is never read: the ref wins.
    CHECK(codes_of(validate_json(good, 0)).empty());
    auto json = resolve_json(good, "model", {"--config"});
    auto asset = json["assets"]["model"];
    CHECK(asset["locations"]["tokenizer"]["card"] == "tok");
    CHECK(asset["locations"]["tokenizer"]["uri"] == "file:///t.model");
    CHECK(asset["tokenizer_config"]["use_eot"] == true);

    TempTree bad{{{"c.yaml", "name: model\nmodel_family: llama\ntokenizer_ref: tokk\n---\n"
                             "name: tok\ntokenizer_family: llama\n---\n"
                             "name: r1\ntokenizer_ref: r2\n---\nname: r2\ntokenizer_ref: r1\n"}}};
    auto report = validate_json(bad, 1);
    CHECK(codes_of(report) ==
          std::vector<std::string>{"tokenizer-ref-not-found", "tokenizer-ref-cycle", "tokenizer-ref-cycle"});
    CHECK(report["diagnostics"][0]["line"] == 3);
    CHECK(report["diagnostics"][0]["hint"] == "Did you mean 'tok'?");
    auto cycle = run_ctl({"--no-default-cards", "--no-extensions", "--cards", bad.root().string(), "assets",
                          "resolve", "r1", "--config"});
    CHECK(cycle.status == 1);
    CHECK(contains(cycle.err, "form a cycle: r1 -> r2 -> r1. fairseq2 follows them forever"));
}

TEST_CASE("only models have archs: tokenizer_arch and dataset_arch are warnings, never errors") {
    TempTree tree{{{"c.yaml", "name: t\ntokenizer_family: llama\ntokenizer_arch: whatever\n---\n"
                              "name: d\ndataset_family: generic_asr\ndataset_arch: whatever\n"}}};
    auto json = validate_json(tree, 0);
    CHECK(codes_of(json) == std::vector<std::string>{"ignored-field", "ignored-field"});
    CHECK(json["errors"] == 0);
    CHECK(json["diagnostics"][0]["severity"] == "warning");
}

TEST_CASE("fields fairseq2 never reads are not type-checked") {
    TempTree tree{{{"c.yaml", "name: a\nnum_shards: two\ndata: [1]\ncheckpoint: 5\n"}}};
    CHECK(codes_of(validate_json(tree, 0)).empty());
}

TEST_CASE("configs convert as Python does, in both directions") {
    RunOptions options;
    options.env["F2_LEN"] = "2048";
    TempTree good{{{"c.yaml", "name: a\nmodel_family: llama\nmodel_arch: llama3_8b\n"
                              "model_config_overrides: ~\n"
                              "model_config:\n  max_seq_len: '${env:F2_LEN}'\n  vocab_size: 8192.7\n"
                              "  rope_theta: '1e6'\n  num_layers: '${env:F2_UNSET:16}'\n"}}};
    CHECK(codes_of(validate_json(good, 0, options)).empty());
    auto config = resolve_json(good, "a", {"--config"}, options)["assets"]["a"]["config"];
    CHECK(config["max_seq_len"] == 2048);
    CHECK(config["vocab_size"] == 8192);
    CHECK(config["rope_theta"] == 1000000.0);
    CHECK(config["num_layers"] == 16);

    TempTree bad{{{"c.yaml", "name: a\nmodel_family: llama\nmodel_config:\n  max_seq_len: '2048.0'\n"
                             "  init_std_scale: 5\n  tied_embeddings: 'yes'\n"}}};
    auto json = validate_json(bad, 1);
    CHECK(codes_of(json) ==
          std::vector<std::string>{"config-type-mismatch", "config-type-mismatch", "config-type-mismatch"});
    CHECK(json["diagnostics"][0]["line"] == 4);
}

TEST_CASE("_del_ and _set_: _del_ first, then the sibling keys, then _set_") {
    TempTree tree{{{"c.yaml", "name: a\nmodel_family: llama\nmodel_arch: llama3_8b\nmodel_config:\n"
                              "  _del_: [max_seq_len]\n  _set_: {num_layers: 2}\n  num_layers: 3\n"}}};
    CHECK(codes_of(validate_json(tree, 0)).empty());
    auto config = resolve_json(tree, "a", {"--config"})["assets"]["a"]["config"];
    CHECK(config["num_layers"] == 2);
    CHECK(config["max_seq_len"] == 2048); // LLaMAConfig's default, not the arch's 8192
}

TEST_CASE("environment detection: NAME@ENV and --env pick the overlay, --env '' none") {
    TempTree tree{{{"c.yaml", "name: a\nmodel_family: llama\ncheckpoint: /base.pt\n---\n"
                              "name: a@rsc\ncheckpoint: /rsc.pt\n"}}};
    CHECK(resolve_json(tree, "a", {})["assets"]["a"]["locations"]["checkpoint"]["uri"] == "file:///base.pt");
    auto forced = run_ctl({"--no-default-cards", "--no-extensions", "--cards", tree.root().string(), "--env",
                           "rsc", "assets", "resolve", "a", "--format", "json"});
    CHECK(forced.json()["assets"]["a"]["locations"]["checkpoint"]["uri"] == "file:///rsc.pt");
}

TEST_CASE("YAML as ruamel reads it: a date is a date, so a str config field refuses it") {
    TempTree bad{{{"c.yaml", "name: t\ntokenizer_family: nllb\ntokenizer_config:\n  default_lang: 2024-05-01\n"}}};
    auto json = validate_json(bad, 1);
    REQUIRE(codes_of(json) == std::vector<std::string>{"config-type-mismatch"});
    CHECK(contains(json["diagnostics"][0]["message"].get<std::string>(), "but is of type `date` instead"));
    TempTree good{{{"c.yaml", "name: t\ntokenizer_family: nllb\ntokenizer_config:\n  default_lang: '2024-05-01'\n"}}};
    CHECK(codes_of(validate_json(good, 0)).empty());
}

TEST_CASE("YAML as ruamel reads it: a 20-digit integer is a number, kept exact in JSON") {
    TempTree tree{{{"c.yaml", "name: a\ncount: 123456789012345678901234567890\n"}}};
    CHECK(codes_of(validate_json(tree, 0)).empty());
    auto r = run_ctl({"--no-default-cards", "--no-extensions", "--cards", tree.root().string(), "assets",
                      "resolve", "a", "--format", "json"});
    CHECK(r.status == 0);
    CHECK(contains(r.out, "\"count\": 123456789012345678901234567890,"));
    auto all = run_ctl({"--no-default-cards", "--no-extensions", "--cards", tree.root().string(), "assets",
                        "resolve", "--all", "--format", "json"});
    CHECK(contains(all.out, "\"count\":123456789012345678901234567890"));
}

TEST_CASE("YAML as ruamel reads it: keys Python holds equal are duplicates, in both directions") {
    TempTree bad{{{"c.yaml", "name: a\nmodel_config:\n  1: x\n  true: y\n"}}};
    auto json = validate_json(bad, 1);
    REQUIRE(codes_of(json) == std::vector<std::string>{"duplicate-key"});
    CHECK(json["diagnostics"][0]["line"] == 4);
    TempTree good{{{"c.yaml", "name: a\nextra:\n  1: x\n  '1': y\n"}}};
    CHECK(codes_of(validate_json(good, 0)).empty());
}

TEST_CASE("YAML as ruamel reads it: !!binary, !!set, !!omap and a %YAML 1.1 directive load") {
    TempTree tree{{{"c.yaml", "%YAML 1.1\n---\nname: a\nflag: yes\nb: !!binary aGk=\ns: !!set {x}\n"
                              "o: !!omap [{k: 1}]\n"}}};
    CHECK(codes_of(validate_json(tree, 0)).empty());
    auto fields = run_ctl({"--no-default-cards", "--no-extensions", "--cards", tree.root().string(), "assets",
                           "resolve", "a", "--format", "json"})
                      .json()["assets"]["a"]["fields"];
    CHECK(fields["flag"] == true);
    CHECK(fields["b"] == "aGk=");
    CHECK(fields["s"] == Json::array({"x"}));
    CHECK(fields["o"]["k"] == 1);
}

#include <doctest/doctest.h>
#include <pugixml.hpp>

#include <fstream>

#include <fmt/format.h>

#include <sys/stat.h>

#include "process.hpp"
#include "temp_tree.hpp"

using namespace fairseq2::testing;
using Json = nlohmann::ordered_json;

namespace {

// One expected diagnostic: code, file (relative to the tree), line.
struct Expected {
    std::string code;
    std::string file;
    unsigned line;

    friend bool operator==(const Expected& a, const Expected& b) {
        return a.code == b.code && a.file == b.file && a.line == b.line;
    }
    friend std::ostream& operator<<(std::ostream& os, const Expected& e) {
        return os << e.code << " " << e.file << ":" << e.line;
    }
};

// `validate cards TREE --format json`, alone (no default cards, no
// extensions); the diagnostics as (code, file, line).
std::vector<Expected> validate(const TempTree& tree, Json* json = nullptr,
                               std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--no-default-cards", "--no-extensions", "validate", "cards",
                                  tree.root().string(), "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = run_ctl(args);
    auto parsed = r.json();
    std::vector<Expected> found;
    for (const auto& d : parsed["diagnostics"]) {
        std::string file = d["file"];
        std::string root = tree.root().string() + "/";
        if (file.rfind(root, 0) == 0)
            file = file.substr(root.size());
        found.push_back({d["code"], file, d["line"]});
    }
    if (json)
        *json = parsed;
    return found;
}

using List = std::vector<Expected>;

} // namespace

TEST_CASE("yaml-syntax, duplicate-key, not-a-mapping and empty-document point at their line") {
    TempTree tree{{{"syntax.yaml", "name: a\nx: [1, 2\n"},
                   {"dup.yaml", "name: b\nurl: x\nurl: y\n"},
                   {"list.yaml", "name: c\n---\n- not\n- a mapping\n"},
                   {"trailing.yaml", "name: d\n---\n"}}};
    CHECK(validate(tree) == List{{"duplicate-key", "dup.yaml", 3},
                                 {"not-a-mapping", "list.yaml", 3},
                                 {"yaml-syntax", "syntax.yaml", 3},
                                 {"empty-document", "trailing.yaml", 2}});
}

TEST_CASE("missing-name, invalid-name and invalid-base") {
    TempTree tree{{{"names.yaml", "url: x\n---\nname: 42\n---\nname: a@b@c\n---\nname: ok\nbase: x@user\n"
                                  "---\nname: ok2\nbase: [1]\n"}}};
    CHECK(validate(tree) == List{{"missing-name", "names.yaml", 1},
                                 {"invalid-name", "names.yaml", 3},
                                 {"invalid-name", "names.yaml", 5},
                                 {"invalid-base", "names.yaml", 8},
                                 {"invalid-base", "names.yaml", 11}});
}

TEST_CASE("duplicate-name within the tree and against an installed card") {
    TempTree tree{{{"a.yaml", "name: twin\n"}, {"b.yaml", "name: twin\n---\nname: llama3_8b\n"}}};
    CHECK(validate(tree) == List{{"duplicate-name", "b.yaml", 1}});

    // With the other sources in effect, the clash with fairseq2's card shows.
    auto r = run_ctl({"--no-extensions", "validate", "cards", tree.root().string(), "--format", "json"});
    CHECK(r.status == 1);
    auto json = r.json();
    REQUIRE(json["diagnostics"].size() == 2);
    CHECK(contains(json["diagnostics"][1]["message"].get<std::string>(), "package:fairseq2.assets.cards"));
}

TEST_CASE("base-not-found and base-cycle") {
    TempTree tree{{{"c.yaml", "name: leaf\nbase: gone\n---\nname: a\nbase: b\n---\nname: b\nbase: a\n"}}};
    Json json;
    CHECK(validate(tree, &json) == List{{"base-not-found", "c.yaml", 2},
                                        {"base-cycle", "c.yaml", 8}});
    CHECK(json["errors"] == 2);
}

TEST_CASE("a base that is a family name suggests the family field") {
    TempTree tree{{{"d.yaml", "name: x\ndataset_family: generic_asr\n---\nname: y\nbase: generic_asr\n"}}};
    Json json;
    CHECK(validate(tree, &json) == List{{"base-not-found", "d.yaml", 5}});
    CHECK(contains(json["diagnostics"][0]["hint"].get<std::string>(), "`dataset_family: generic_asr`"));
}

TEST_CASE("unknown-family and unknown-arch, with a suggestion, through bases and overlays") {
    TempTree tree{{{"m.yaml", "name: a\nmodel_family: lama\n---\n"
                              "name: b\nmodel_family: llama\n---\n"
                              "name: c\nbase: b\nmodel_arch: llama3_9b\n---\n"
                              "name: d\nbase: b\n---\nname: d@mycluster\nmodel_arch: llama3_8c\n"}}};
    Json json;
    CHECK(validate(tree, &json) == List{{"unknown-family", "m.yaml", 2},
                                        {"unknown-arch", "m.yaml", 9},
                                        {"unknown-arch", "m.yaml", 15}});
    CHECK(json["diagnostics"][0]["hint"] == "Did you mean 'llama'?");
    CHECK(json["diagnostics"][1]["hint"] == "Did you mean 'llama3_8b'?");
}

TEST_CASE("unknown-config-field and config-type-mismatch, at the override's key") {
    TempTree tree{{{"o.yaml", "name: a\nmodel_family: llama\nmodel_arch: llama3_8b\n"
                              "model_config_overrides:\n  vocab_sise: 1\n  max_seq_len: long\n"
                              "  rope_scale:\n    factr: 2.0\n"}}};
    Json json;
    CHECK(validate(tree, &json) == List{{"unknown-config-field", "o.yaml", 5},
                                        {"config-type-mismatch", "o.yaml", 6},
                                        {"unknown-config-field", "o.yaml", 8}});
    CHECK(json["diagnostics"][0]["hint"] == "Did you mean 'vocab_size'?");
    CHECK(contains(json["diagnostics"][2]["message"].get<std::string>(), "rope_scale.factr"));
}

TEST_CASE("field-type and invalid-uri, on the fields fairseq2 reads to load the card") {
    TempTree tree{{{"f.yaml", "name: a\nmodel_family: llama\ncheckpoint: 42\nnum_shards: two\n---\n"
                              "name: b\nmodel_family: llama\ncheckpoint: htps://example.com/x.pt\n---\n"
                              "name: c\ntokenizer_family: llama\ntokenizer: 'hg:/org/repo'\n---\n"
                              "name: d\nmodel_family: llama\ncheckpoint: gs://bucket/x.pt\n---\n"
                              "name: e\ncheckpoint: 42\ntokenizer: gs://x\nrestrict: 1\n"}}};
    Json json;
    // `num_shards` is never read; `hg` is a scheme fairseq2 opens; card `e`
    // names no family, so fairseq2 never reads its locations.
    CHECK(validate(tree, &json) == List{{"field-type", "f.yaml", 3},
                                        {"invalid-uri", "f.yaml", 8},
                                        {"invalid-uri", "f.yaml", 16}});
    CHECK(json["diagnostics"][0]["message"] ==
          "The checkpoint field of the 'a' asset card is expected to be of type `str`, but is of "
          "type `int` instead.");
    CHECK(json["diagnostics"][1]["message"] ==
          "The checkpoint URI scheme of the 'b' asset card is expected to be a supported scheme "
          "(file, s3, hg, http, https), but is htps instead.");
    CHECK(json["diagnostics"][1]["hint"] == "Did you mean 'https'?");
    CHECK(contains(json["diagnostics"][2]["message"].get<std::string>(), "but is gs instead."));
}

TEST_CASE("the fields beside a location are type-checked when fairseq2 reads them") {
    TempTree tree{{{"g.yaml", "name: a\nmodel_family: llama\ncheckpoint: /x\nrestrict: 1\n"
                              "checkpoint_path: [a]\n---\n"
                              "name: gated\nmodel_family: llama\nurl: 5\n---\n"
                              "name: open\nmodel_family: llama\ncheckpoint: /x\nurl: 5\n"}}};
    // `url` is only read for a gated asset (no `checkpoint`).
    CHECK(validate(tree) == List{{"field-type", "g.yaml", 4},
                                 {"field-type", "g.yaml", 5},
                                 {"field-type", "g.yaml", 9}});
}

TEST_CASE("warnings: orphan-overlay, shadowed-overlay and path-not-found; --werror fails on them") {
    TempTree tree{{{"w.yaml", "name: lonely@user\nurl: x\n---\n"
                              "name: m\nmodel_family: llama\ncheckpoint: weights/m.pt\n---\n"
                              "name: m@user\nurl: u\n---\n"
                              "name: m@mycluster\nurl: c\n---\n"
                              "name: present\nmodel_family: llama\ncheckpoint: here.pt\n"},
                   {"here.pt", ""}}};
    Json json;
    CHECK(validate(tree, &json) == List{{"orphan-overlay", "w.yaml", 1},
                                        {"path-not-found", "w.yaml", 7},
                                        {"shadowed-overlay", "w.yaml", 13}});
    CHECK(json["warnings"] == 3);
    CHECK(json["errors"] == 0);
    for (const auto& d : json["diagnostics"])
        CHECK(d["severity"] == "warning");

    auto plain = run_ctl({"--no-default-cards", "--no-extensions", "validate", "cards", tree.root().string()});
    CHECK(plain.status == 0);
    auto strict = run_ctl({"--no-default-cards", "--no-extensions", "validate", "cards",
                           tree.root().string(), "--werror"});
    CHECK(strict.status == 1);
    CHECK(contains(strict.out, "error: The overlay 'lonely@user' has no card"));
}

TEST_CASE("bad files each get a diagnostic, and never hide another file's problems") {
    TempTree tree{{{"binary.yaml", std::string{"\x7f" "ELF\x02\x01\x01\x00", 8}},
                   {"latin1.yaml", "name: caf\xe9\n"},
                   {"deep.yaml", "name: deep\nx: " + std::string(100000, '[') + "\n"},
                   {"bomb.yaml", [] {
                        std::string bomb = "name: b\na: &a [x, x, x, x, x, x, x, x, x, x]\n";
                        for (char c = 'b'; c <= 'k'; ++c) {
                            bomb += std::string{c} + ": &" + c + " [";
                            for (int i = 0; i < 10; ++i)
                                bomb += std::string{i ? ", *" : "*"} + static_cast<char>(c - 1);
                            bomb += "]\n";
                        }
                        return bomb;
                    }()},
                   {"dup.yaml", "name: d\nx: 1\nx: 2\n"},
                   {"good.yaml", "name: fine\n"}}};
    REQUIRE(::mkfifo((tree / "fifo.yaml").c_str(), 0600) == 0);
    std::filesystem::create_directory_symlink(tree.root(), tree / "loop");
    std::filesystem::create_symlink(tree / "self.yaml", tree / "self.yaml");
    std::filesystem::resize_file(tree.write("huge.yaml", "name: huge\n"), 65 * 1024 * 1024); // sparse

    Json json;
    auto found = validate(tree, &json);
    CHECK(found == List{{"yaml-syntax", "binary.yaml", 1},
                        {"yaml-syntax", "bomb.yaml", 6},
                        {"yaml-syntax", "deep.yaml", 2},
                        {"duplicate-key", "dup.yaml", 3},
                        {"file-unreadable", "fifo.yaml", 0},
                        {"file-unreadable", "huge.yaml", 0},
                        {"yaml-syntax", "latin1.yaml", 1},
                        {"skipped-directory", "loop", 0},
                        {"file-unreadable", "self.yaml", 0}});
    CHECK(json["cards"] == 1);
}

TEST_CASE("fairseq2's own cards give exactly their one real error") {
    auto r = run_ctl({"--no-default-cards", "validate", "cards", TEST_DATA_DIR "/fairseq2-cards", "--format", "json"});
    CHECK(r.status == 1);
    auto json = r.json();
    CHECK(json["files"] == 14);
    CHECK(json["cards"] == 88);
    CHECK(json["errors"] == 1);
    CHECK(json["warnings"] == 0);
    auto d = json["diagnostics"][0];
    CHECK(d["code"] == "base-not-found");
    CHECK(d["asset"] == "librispeech_asr_100h");
    CHECK(d["line"] == 24);
    CHECK(contains(d["file"].get<std::string>(), "datasets/librispeech.yaml"));
    CHECK(contains(d["hint"].get<std::string>(), "did you mean `dataset_family: wav2vec2_asr`?"));
}

TEST_CASE("the built-in cards, fairseq2's byte for byte, give fairseq2's one error") {
    auto r = run_ctl({"--no-default-cards", "validate", "cards", SOURCE_DIR "/cards", "--format", "json"});
    CHECK(r.status == 1);
    auto json = r.json();
    CHECK(json["errors"] == 1);
    CHECK(json["warnings"] == 0);
    REQUIRE(json["diagnostics"].size() == 1);
    CHECK(json["diagnostics"][0]["code"] == "base-not-found");
    CHECK(json["diagnostics"][0]["line"] == 24);
    CHECK(contains(json["diagnostics"][0]["hint"].get<std::string>(), "`dataset_family: wav2vec2_asr`"));
}

TEST_CASE("the built-in cards are fairseq2 0.8.1's, byte for byte") {
    for (const char* file : {"datasets/librilight.yaml", "datasets/librispeech.yaml", "datasets/openeft.yaml",
                             "models/gemma3n.yaml", "models/hg.yaml", "models/jepa.yaml", "models/llama.yaml",
                             "models/mistral.yaml", "models/nllb.yaml", "models/olmo.yaml", "models/qwen.yaml",
                             "models/s2t_conformer.yaml", "models/s2t_transformer.yaml", "models/wav2vec2.yaml"}) {
        auto read = [](const std::string& path) {
            std::ifstream in{path, std::ios::binary};
            return std::string{std::istreambuf_iterator<char>{in}, {}};
        };
        CHECK_MESSAGE(read(std::string{SOURCE_DIR "/cards/"} + file) ==
                          read(std::string{TEST_DATA_DIR "/fairseq2-cards/"} + file),
                      file);
    }
}

TEST_CASE("text output reads like a compiler's, with a summary") {
    TempTree tree{{{"c.yaml", "name: a\nbase: gone\n"}}};
    auto r = run_ctl({"--no-default-cards", "--no-extensions", "validate", "cards", tree.root().string()});
    CHECK(r.status == 1);
    CHECK(contains(r.out, (tree / "c.yaml").string() + ":2:1: error: The base asset card 'gone' of 'a' is not found."));
    CHECK(contains(r.out, "[base-not-found]\n"));
    CHECK(contains(r.out, "1 file, 1 card: 1 error, 0 warnings\n"));
}

TEST_CASE("github output is one workflow command per diagnostic") {
    TempTree tree{{{"c.yaml", "name: a\nbase: gone\n---\nname: b@user\n"}}};
    auto r = run_ctl({"--no-default-cards", "--no-extensions", "validate", "cards", tree.root().string(),
                      "--format", "github"});
    CHECK(r.status == 1);
    CHECK(contains(r.out, "::error file=" + (tree / "c.yaml").string() + ",line=2,col=1,title=base-not-found::"
                          "The base asset card 'gone' of 'a' is not found."));
    CHECK(contains(r.out, "::warning file=" + (tree / "c.yaml").string() + ",line=4,col=1,title=orphan-overlay::"));
}

TEST_CASE("junit output is XML with one test case per file and one failure holding its errors") {
    TempTree tree{{{"bad.yaml", "name: a\nbase: gone\n---\nname: b\nbase: gone2\n"},
                   {"good.yaml", "name: fine\n"},
                   {"warn.yaml", "name: c@user\n"}}};
    auto r = run_ctl({"--no-default-cards", "--no-extensions", "validate", "cards", tree.root().string(),
                      "--format", "junit"});
    CHECK(r.status == 1);
    pugi::xml_document document;
    REQUIRE(document.load_string(r.out.c_str()));
    auto suite = document.child("testsuites").child("testsuite");
    CHECK(suite.attribute("tests").as_int() == 3);
    CHECK(suite.attribute("failures").as_int() == 1);
    std::map<std::string, int> failures;
    for (auto test : suite.children("testcase")) {
        std::string name = test.attribute("name").value();
        failures[name.substr(name.rfind('/') + 1)] =
            static_cast<int>(std::distance(test.children("failure").begin(), test.children("failure").end()));
    }
    CHECK(failures == std::map<std::string, int>{{"bad.yaml", 1}, {"good.yaml", 0}, {"warn.yaml", 0}});
    auto failure = suite.find_child_by_attribute("testcase", "name", (tree / "bad.yaml").c_str()).child("failure");
    CHECK(std::string{failure.attribute("type").value()} == "base-not-found");
    CHECK(contains(failure.attribute("message").value(), "(and 1 more)"));
    CHECK(contains(failure.text().get(), "'gone2'"));
    CHECK(contains(r.out, "orphan-overlay")); // warnings go to system-out
}

TEST_CASE("validate usage errors exit 2") {
    CHECK(run_ctl({"validate", "cards"}).status == 2);
    CHECK(run_ctl({"validate", "cards", "/nonexistent/cards"}).status == 2);
    auto format = run_ctl({"validate", "cards", SOURCE_DIR "/cards", "--format", "xml"});
    CHECK(format.status == 2);
}

TEST_CASE("a file name that is not UTF-8 is escaped: JSON stays valid UTF-8, text shows \\xff") {
    TempTree tree{{{"bad\xff.yaml", "name: a\nbase: missing\n---\nname: b\nurl: x\n"}}};
    std::string escaped = tree.root().string() + "/bad\\xff.yaml";
    for (std::vector<std::string> args :
         {std::vector<std::string>{"validate", "cards", tree.root().string(), "--format", "json"},
          std::vector<std::string>{"--cards", tree.root().string(), "assets", "resolve", "--all", "--format",
                                   "json"},
          std::vector<std::string>{"--cards", tree.root().string(), "assets", "show", "b", "--format", "json"}}) {
        args.insert(args.begin(), {"--no-default-cards", "--no-extensions"});
        auto r = run_ctl(args);
        CHECK(r.status <= 1);
        Json json;
        REQUIRE_NOTHROW(json = r.json()); // nlohmann refuses invalid UTF-8
        CHECK(contains(r.out, "bad\\\\xff.yaml"));
    }
    auto json = run_ctl({"--no-default-cards", "--no-extensions", "validate", "cards", tree.root().string(),
                         "--format", "json"})
                    .json();
    CHECK(json["diagnostics"][0]["file"] == escaped);
    auto text = run_ctl({"--no-default-cards", "--no-extensions", "validate", "cards", tree.root().string()});
    CHECK(contains(text.out, escaped + ":2:1: error:"));
}

TEST_CASE("a chain longer than fairseq2 follows is an error of each card that deep; one of 900 is not") {
    std::string cards = "name: c0\n";
    for (int i = 1; i < 905; ++i)
        cards += fmt::format("---\nname: c{}\nbase: c{}\n", i, i - 1);
    TempTree tree{{{"chain.yaml", cards}}};
    Json json;
    auto found = validate(tree, &json);
    REQUIRE(found.size() == 5); // c900 to c904: c899's chain is 900 cards
    for (const auto& d : json["diagnostics"])
        CHECK(d["code"] == "base-chain-too-deep");
    CHECK(json["diagnostics"][0]["asset"] == "c900");
    CHECK(found[0] == Expected{"base-chain-too-deep", "chain.yaml", 4 + 3 * 899}); // c900's base
}

TEST_CASE("checks in environments stop at their budget of chain links, and say what they left out") {
    // A chain with an overlay per card, each for an environment of its own:
    // the deep cards are to be checked in hundreds of environments each.
    std::string cards = "name: c0\n";
    for (int i = 1; i < 1000; ++i)
        cards += fmt::format("---\nname: c{0}\nbase: c{1}\n---\nname: c{0}@env{0}\nurl: u{0}\n", i, i - 1);
    TempTree tree{{{"chain.yaml", cards}}};
    Json json;
    validate(tree, &json);
    int unchecked = 0;
    for (const auto& d : json["diagnostics"])
        if (d["code"] == "unchecked-environments") {
            ++unchecked;
            CHECK(d["severity"] == "warning");
            CHECK(contains(d["message"].get<std::string>(), "were not checked"));
            // The budget (1,000,000 + 64 a card) is given out in card order,
            // whichever thread planned a card: the same cards are left out on
            // every run.
            CHECK(contains(d["message"].get<std::string>(),
                           "(1127936 chain links): 483356 card resolutions in environments, from 'env116' on"));
        }
    CHECK(unchecked == 1);
}

// The questions people who keep cards ask: a card in every environment at
// once (`assets resolve --all-envs`), what an overlay changes (`assets diff`),
// which cards hold a value (`assets find`), writing an overlay (`assets new`).
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "process.hpp"
#include "temp_tree.hpp"

using namespace fairseq2::testing;
using Json = nlohmann::ordered_json;

namespace {

// A card on a base, with overlays in three environments: one the user's.
const char* const cards = R"(name: base_model
model_family: llama
model_arch: llama3_8b
checkpoint: /data/base.pt
---
name: base_model@cluster
checkpoint: /cluster/base.pt
model_config:
  max_seq_len: 4096
---
name: tuned
base: base_model
url: https://example.com/tuned
---
name: tuned@user
checkpoint: /home/me/tuned.pt
---
name: tuned@other
num_shards: 4
)";

RunResult ctl(const TempTree& tree, std::vector<std::string> args, RunOptions options = {}) {
    args.insert(args.begin(), {"--no-default-cards", "--no-extensions", "--cards", (tree / "cards.yaml").string()});
    return run_ctl(args, options);
}

// The cells of each line of a table, split where two or more spaces are:
// the content and its order exactly, whatever the columns' widths.
std::vector<std::vector<std::string>> table_cells(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream lines{text};
    for (std::string line; std::getline(lines, line);) {
        std::vector<std::string> cells;
        std::size_t at = line.find_first_not_of(' ');
        while (at != std::string::npos) {
            std::size_t gap = line.find("  ", at);
            cells.push_back(line.substr(at, gap == std::string::npos ? std::string::npos : gap - at));
            at = gap == std::string::npos ? gap : line.find_first_not_of(' ', gap);
        }
        rows.push_back(std::move(cells));
    }
    return rows;
}

std::string read(const std::filesystem::path& path) {
    std::ifstream in{path};
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST_CASE("resolve --all-envs shows a column an environment, the differing cells marked") {
    TempTree tree{{{"cards.yaml", cards}}};
    auto r = ctl(tree, {"assets", "resolve", "tuned", "--all-envs"});
    CHECK(r.status == 0);
    std::string root = tree.root().string();
    std::string source = "path:" + root + "/cards.yaml";
    using Row = std::vector<std::string>;
    CHECK(table_cells(r.out) ==
          std::vector<Row>{{"tuned"},
                           {"none", "user", "cluster", "other"},
                           {"base", "base_model", "base_model", "base_model", "base_model"},
                           {"url", "https://example.com/tuned", "https://example.com/tuned",
                            "https://example.com/tuned", "https://example.com/tuned"},
                           {"__base_path__", root, root, root, root},
                           {"__source__", source, source, source, source},
                           {"model_family", "llama", "llama", "llama", "llama"},
                           {"model_arch", "llama3_8b", "llama3_8b", "llama3_8b", "llama3_8b"},
                           {"checkpoint", "/data/base.pt", "/home/me/tuned.pt *", "/cluster/base.pt *", "/data/base.pt"},
                           {"model_config", "-", "-", "{max_seq_len: 4096} *", "-"},
                           {"num_shards", "-", "-", "-", "4 *"},
                           {},
                           {"* differs from none"}});
}

TEST_CASE("resolve --all-envs --format json: each cell's value, card, file and line; --config adds config rows") {
    TempTree tree{{{"cards.yaml", cards}}};
    auto json = ctl(tree, {"assets", "resolve", "tuned", "--all-envs", "--config", "--format", "json"}).json();
    CHECK(json["environments"] == Json{nullptr, "user", "cluster", "other"});
    Json checkpoint, max_seq_len;
    for (const auto& row : json["rows"]) {
        if (row["key"] == "checkpoint")
            checkpoint = row;
        if (row["key"] == "config.max_seq_len")
            max_seq_len = row;
    }
    REQUIRE(checkpoint.is_object());
    CHECK(checkpoint["differs"] == true);
    CHECK(checkpoint["cells"][0]["value"] == "/data/base.pt");
    CHECK(checkpoint["cells"][0]["changed"] == false);
    CHECK(checkpoint["cells"][2]["card"] == "base_model@cluster");
    CHECK(checkpoint["cells"][2]["line"] == 7);
    CHECK(checkpoint["cells"][2]["changed"] == true);
    REQUIRE(max_seq_len.is_object());
    CHECK(max_seq_len["config"] == true);
    CHECK(max_seq_len["cells"][0]["value"] == 8192);
    CHECK(max_seq_len["cells"][2]["value"] == 4096);
}

TEST_CASE("diff shows what an environment's overlays change, before and after; exit 1, or 0 when nothing does") {
    TempTree tree{{{"cards.yaml", cards}}};
    std::string file = (tree / "cards.yaml").string();
    auto r = ctl(tree, {"assets", "diff", "tuned", "--env", "cluster"});
    CHECK(r.status == 1);
    CHECK(r.out == "tuned  none -> cluster\n"
                   "  checkpoint\n"
                   "    -  /data/base.pt     base_model  " + file + ":4:1\n"
                   "    +  /cluster/base.pt  base_model@cluster  " + file + ":7:1\n"
                   "  model_config\n"
                   "    -  -\n"
                   "    +  {max_seq_len: 4096}  base_model@cluster  " + file + ":8:1\n"
                   "  config.max_seq_len\n"
                   "    -  8192  tuned\n"
                   "    +  4096  tuned\n"
                   "\n");
    auto same = ctl(tree, {"assets", "diff", "base_model", "--env", "other"});
    CHECK(same.status == 0);
    CHECK(same.out == "nothing differs: none -> other\n");
}

TEST_CASE("diff --env A --env B compares two environments; without NAME every card that differs") {
    TempTree tree{{{"cards.yaml", cards}}};
    auto json = ctl(tree, {"assets", "diff", "--env", "other", "--env", "user", "--format", "json"}).json();
    CHECK(json["before"] == "user");
    CHECK(json["after"] == "other");
    CHECK(json["differ"] == 1); // base_model has neither overlay
    auto changes = json["assets"]["tuned"]["changes"];
    REQUIRE(changes.size() == 2);
    CHECK(changes[0]["key"] == "checkpoint");
    CHECK(changes[0]["before"]["value"] == "/home/me/tuned.pt");
    CHECK(changes[0]["after"]["value"] == "/data/base.pt");
    CHECK(changes[1]["key"] == "num_shards");
    CHECK(changes[1]["before"] == nullptr);
    CHECK(changes[1]["after"]["value"] == 4);
}

TEST_CASE("diff warns of an environment no card has overlays for") {
    TempTree tree{{{"cards.yaml", cards}}};
    auto r = ctl(tree, {"assets", "diff", "tuned", "--env", "clustre"});
    CHECK(r.status == 0);
    CHECK(contains(r.err, "No card has an overlay for the environment 'clustre'"));
    CHECK(contains(r.err, "Did you mean 'cluster'?"));
}

TEST_CASE("find matches effective fields, as find_cards: a card that inherits the value is found") {
    TempTree tree{{{"cards.yaml", cards}}};
    std::string file = (tree / "cards.yaml").string();
    auto r = ctl(tree, {"assets", "find", "model_family=llama"});
    CHECK(r.status == 0);
    CHECK(r.out == "base_model  llama  base_model  " + file + ":2:1\n"
                   "tuned       llama  base_model  " + file + ":2:1\n");
    auto typed = ctl(tree, {"assets", "find", "num_shards=4"});
    CHECK(typed.out == "no card has num_shards=4\n"); // tuned@other is not in the default environments
}

TEST_CASE("find FIELD~=GLOB matches the text; several queries must all hold; --env chooses the overlays") {
    TempTree tree{{{"cards.yaml", cards}}};
    auto json = ctl(tree, {"--env", "cluster", "assets", "find", "checkpoint~=/cluster/*", "model_arch=llama3_8b",
                           "--format", "json"})
                    .json();
    CHECK(json["queries"] == Json{"checkpoint~=/cluster/*", "model_arch=llama3_8b"});
    REQUIRE(json["cards"].size() == 1); // tuned@user wins over the cluster for tuned
    CHECK(json["cards"][0]["name"] == "base_model");
    CHECK(json["cards"][0]["fields"]["checkpoint"]["card"] == "base_model@cluster");
    auto bad = ctl(tree, {"assets", "find", "checkpoint"});
    CHECK(bad.status == 2);
    CHECK(contains(bad.err, "'checkpoint' is not a query"));
}

TEST_CASE("new writes the overlay into the user directory, typed as YAML types it, and shows it resolved") {
    TempTree tree{{{"cards.yaml", cards}}};
    TempTree user;
    RunOptions options;
    options.env["FAIRSEQ2_USER_ASSET_DIR"] = (user / "assets").string();
    auto r = ctl(tree, {"assets", "new", "base_model@user", "--set", "checkpoint=/mine/base.pt", "--set",
                        "num_shards=8", "--format", "json"},
                 options);
    CHECK(r.status == 0);
    std::string path = (user / "assets/base_model@user.yaml").string();
    CHECK(read(path) == "name: base_model@user\ncheckpoint: /mine/base.pt\nnum_shards: 8\n");
    auto json = r.json();
    CHECK(json["path"] == path);
    CHECK(json["asset"]["fields"]["num_shards"] == 8);
    CHECK(json["asset"]["overlay"] == "base_model@user");
    // fairseq2 reads it from there now (the user directory is a default source).
    auto resolved = run_ctl({"--no-extensions", "--cards", (tree / "cards.yaml").string(), "assets", "resolve",
                             "base_model", "--format", "json"},
                            options)
                        .json();
    CHECK(resolved["assets"]["base_model"]["fields"]["checkpoint"] == "/mine/base.pt");
}

TEST_CASE("new refuses to overwrite, and writes nothing when the card would not validate") {
    TempTree tree{{{"cards.yaml", cards}}};
    TempTree out;
    auto first = ctl(tree, {"assets", "new", "tuned@lab", "--set", "url=x", "--dir", out.root().string()});
    CHECK(first.status == 0);
    CHECK(contains(first.out, "wrote " + (out / "tuned@lab.yaml").string()));
    auto again = ctl(tree, {"assets", "new", "tuned@lab", "--set", "url=y", "--dir", out.root().string()});
    CHECK(again.status == 1);
    CHECK(contains(again.err, "exists already; fairseq2ctl does not overwrite a card file"));
    CHECK(read(out / "tuned@lab.yaml") == "name: tuned@lab\nurl: x\n");

    auto bad_arch = ctl(tree, {"assets", "new", "tuned@gpu", "--set", "model_arch=llama3_9b", "--dir",
                               out.root().string()});
    CHECK(bad_arch.status == 1);
    CHECK(contains(bad_arch.err, "[unknown-arch]"));
    CHECK_FALSE(std::filesystem::exists(out / "tuned@gpu.yaml"));

    auto taken = ctl(tree, {"assets", "new", "tuned@other", "--set", "url=z", "--dir", out.root().string()});
    CHECK(taken.status == 1);
    CHECK(contains(taken.err, "[duplicate-name]"));
    CHECK_FALSE(std::filesystem::exists(out / "tuned@other.yaml"));

    auto not_overlay = ctl(tree, {"assets", "new", "tuned", "--set", "url=z", "--dir", out.root().string()});
    CHECK(not_overlay.status == 2);
    CHECK(contains(not_overlay.err, "'tuned' is not an overlay"));
    auto not_yaml = ctl(tree, {"assets", "new", "tuned@x", "--set", "url=[unclosed", "--dir", out.root().string()});
    CHECK(not_yaml.status == 2);
    CHECK(contains(not_yaml.err, "is not one YAML value"));
}

// `--checkpoint-dir DIR`: the cards fairseq2's register_checkpoint_models
// builds from a training output directory (checkpoint/model_metadata.py),
// on directories laid out as fairseq2 writes them.
#include <doctest/doctest.h>

#include "process.hpp"
#include "temp_tree.hpp"

using namespace fairseq2::testing;

namespace {

// model.yaml as StandardModelMetadataDumper writes it, three steps, two
// scores (a tie, which goes to the later step), and a directory that is not
// a step.
TempTree training_run() {
    return TempTree{{{"model.yaml", "name: checkpoint\nmodel_family: llama\nmodel_config:\n  model_dim: 2048\n"},
                   {"step_1000/model/.keep", ""},
                   {"step_2000/model/.keep", ""},
                   {"step_007/model/.keep", ""},
                   {"step_latest/.keep", ""},
                   {"scores/step_1000.txt", "0.5\n"},
                   {"scores/step_2000.txt", "0.75\n"},
                   {"scores/step_7.txt", "0.75\n"}}};
}

RunResult ctl(const TempTree& run, std::vector<std::string> args) {
    args.insert(args.begin(), {"--no-default-cards", "--no-extensions", "--checkpoint-dir", run.root().string()});
    return run_ctl(args);
}

} // namespace

TEST_CASE("a training output directory gives fairseq2's checkpoint cards, with the source checkpoint:DIR") {
    TempTree run = training_run();
    auto r = ctl(run, {"assets", "list"});
    CHECK(r.status == 0);
    CHECK(r.out == "  checkpoint:" + run.root().string() +
                       "\n"
                       "   - model:best_checkpoint@\n"
                       "   - model:best_checkpoint_0@\n"
                       "   - model:best_checkpoint_1@\n"
                       "   - model:best_checkpoint_2@\n"
                       "   - model:checkpoint@\n"
                       "   - model:checkpoint_step_1000@\n"
                       "   - model:checkpoint_step_2000@\n"
                       "   - model:checkpoint_step_7@\n"
                       "   - model:last_checkpoint@\n"
                       "\n");
}

TEST_CASE("each step card builds on checkpoint with the step's model directory, named by int(N)") {
    TempTree run = training_run();
    auto json = ctl(run, {"assets", "resolve", "checkpoint_step_7", "--format", "json"}).json();
    auto asset = json["assets"]["checkpoint_step_7"];
    CHECK(asset["fields"]["base"] == "checkpoint");
    // `step_007` is step 7: fairseq2 formats the number, not the name.
    CHECK(asset["fields"]["checkpoint"] == run.root().string() + "/step_7/model");
    CHECK(asset["fields"]["__source__"] == "checkpoint:" + run.root().string());
    CHECK(asset["fields"]["model_family"] == "llama");
    CHECK(asset["chain"] == nlohmann::ordered_json{"checkpoint_step_7", "checkpoint"});
}

TEST_CASE("last_checkpoint is the highest step; best_checkpoint the highest score, a tie to the later step") {
    TempTree run = training_run();
    auto checkpoint_of = [&](const std::string& name) {
        auto json = ctl(run, {"assets", "resolve", name, "--format", "json"}).json();
        return json["assets"][name]["fields"]["checkpoint"].get<std::string>();
    };
    std::string root = run.root().string();
    CHECK(checkpoint_of("last_checkpoint") == root + "/step_2000/model");
    CHECK(checkpoint_of("best_checkpoint") == root + "/step_2000/model");
    CHECK(checkpoint_of("best_checkpoint_0") == root + "/step_2000/model");
    CHECK(checkpoint_of("best_checkpoint_1") == root + "/step_7/model");
    CHECK(checkpoint_of("best_checkpoint_2") == root + "/step_1000/model");
}

TEST_CASE("info shows the checkpoint directory as a source of the command line") {
    TempTree run = training_run();
    auto json = ctl(run, {"info", "--format", "json"}).json();
    auto source = json["sources"].back();
    CHECK(source["name"] == "checkpoint:" + run.root().string());
    CHECK(source["role"] == "--checkpoint-dir");
    CHECK(source["cards"] == 9);
}

TEST_CASE("a directory fairseq2 cannot read checkpoints from is an error, and gives no cards") {
    TempTree empty{{{"notes.txt", "x"}}};
    auto none = ctl(empty, {"assets", "list"});
    CHECK(none.status == 1);
    CHECK(contains(none.err, "is not a checkpoint directory: it has no model.yaml"));
    CHECK(contains(none.err, "[invalid-checkpoint-dir]"));

    TempTree unnamed{{{"model.yaml", "name: model\nmodel_family: llama\n"}}};
    auto missing = ctl(unnamed, {"assets", "list"});
    CHECK(contains(missing.err, "checkpoint directory does not have an asset named checkpoint"));
    CHECK(contains(missing.out, "n/a"));

    TempTree bad_score{{{"model.yaml", "name: checkpoint\n"}, {"step_3/.keep", ""}, {"scores/step_3.txt", "good\n"}}};
    auto score = ctl(bad_score, {"assets", "list"});
    CHECK(contains(score.err, "Score of the training step 3 cannot be parsed as a floating-point number"));
    CHECK(contains(score.out, "n/a"));
}

#include "checkpoint_cards.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <system_error>

#include <sys/stat.h>

#include <fmt/format.h>

#include "card_checks.hpp"
#include "card_files.hpp"
#include "fairseq2/assets/directories.hpp"
#include "fairseq2/yaml/python_values.hpp"
#include "fairseq2/yaml/reader.hpp"

namespace fairseq2 {
namespace {

// A Python int, compared as Python compares ints of any size.
struct StepNumber {
    Value value; // an int or a BigInteger
    std::string text;

    bool operator<(const StepNumber& other) const {
        auto sign = [](const std::string& t) { return !t.empty() && t[0] == '-' ? -1 : 1; };
        int a = sign(text);
        int b = sign(other.text);
        if (a != b)
            return a < b;
        std::string_view x = a < 0 ? std::string_view{text}.substr(1) : std::string_view{text};
        std::string_view y = b < 0 ? std::string_view{other.text}.substr(1) : std::string_view{other.text};
        bool less = x.size() != y.size() ? x.size() < y.size() : x < y;
        bool equal = x == y;
        return a < 0 ? (!less && !equal) : less;
    }
    bool operator==(const StepNumber& other) const { return text == other.text; }
};

struct Score {
    double score;
    StepNumber step;
};

// Python's `sort(reverse=True)` of (score, step) tuples: the highest score
// first, a tie going to the later step. A NaN score, which Python orders
// arbitrarily, goes last.
bool better(const Score& a, const Score& b) {
    if (std::isnan(a.score) || std::isnan(b.score))
        return !std::isnan(a.score) && std::isnan(b.score);
    if (a.score != b.score)
        return a.score > b.score;
    return b.step < a.step;
}

Diagnostic checkpoint_problem(std::string message, const std::string& file) {
    return {.code = DiagnosticCode::invalid_checkpoint_dir, .message = std::move(message), .location = {file}};
}

} // namespace

CheckpointCards read_checkpoint_cards(const std::filesystem::path& directory, const std::string& source_name) {
    CheckpointCards out;
    const std::filesystem::path resolved = resolve_python_path(directory.string());
    const std::filesystem::path model = resolved / "model.yaml";

    struct stat info {};
    if (::stat(model.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
        out.diagnostics.push_back(checkpoint_problem(
            fmt::format("{} is not a checkpoint directory: it has no model.yaml, which fairseq2 reads the "
                        "`checkpoint` card from. Name the directory a training run wrote (it holds model.yaml "
                        "and step_N directories).",
                        resolved.string()),
            model.string()));
        return out;
    }
    std::string text;
    if (!read_card_text(model, text, out.diagnostics))
        return out;
    out.model_file = model.string();
    YamlFile yaml = read_yaml(text, out.model_file);
    out.diagnostics = std::move(yaml.diagnostics);
    auto origin = std::make_shared<const CardOrigin>(CardOrigin{out.model_file, source_name, resolved.string()});
    std::vector<CardDocument> documents;
    for (std::size_t i = 0; i < yaml.documents.size(); ++i) {
        YamlDocument& document = yaml.documents[i];
        Mark at = document.root.mark().line && !document.root.is_null() ? document.root.mark() : document.start;
        if (document.valid)
            documents.push_back({std::move(document.root), origin, at, i});
    }
    check_cards(std::move(documents), out.cards, out.diagnostics);
    auto drop_all = [&] {
        out.cards.clear();
        return std::move(out);
    };
    if (has_errors(out.diagnostics))
        return drop_all();
    if (std::none_of(out.cards.begin(), out.cards.end(), [](const AssetCard& c) { return c.name == "checkpoint@"; })) {
        out.diagnostics.push_back(checkpoint_problem(
            fmt::format("{} checkpoint directory does not have an asset named checkpoint. Add a card named "
                        "`checkpoint` to its model.yaml (fairseq2 writes one when it saves the model).",
                        resolved.string()),
            out.model_file));
        return drop_all();
    }

    // The step directories, in name order (fairseq2 takes them as the file
    // system lists them; the cards are the same either way).
    std::vector<std::filesystem::path> steps;
    std::error_code error;
    for (std::filesystem::directory_iterator it{resolved, error}, end; !error && it != end; it.increment(error)) {
        std::string name = it->path().filename().string();
        std::error_code kind_error;
        if (name.rfind("step_", 0) == 0 && std::filesystem::is_directory(it->path(), kind_error))
            steps.push_back(it->path());
    }
    std::sort(steps.begin(), steps.end());

    auto add_step_card = [&](const std::string& name, const StepNumber& step) {
        std::string model_dir = (resolved / fmt::format("step_{}/model", step.text)).string();
        AssetCard card;
        card.name = name;
        card.origin = std::make_shared<const CardOrigin>(
            CardOrigin{(resolved / fmt::format("step_{}", step.text)).string(), source_name, {}});
        Value::Map metadata;
        metadata.push_back({"base", {}, Value{"checkpoint"}});
        metadata.push_back({"checkpoint", {}, Value{model_dir}});
        card.metadata = Value{std::move(metadata)};
        auto same = std::find_if(out.cards.begin(), out.cards.end(),
                                 [&](const AssetCard& c) { return c.name == name; });
        if (same != out.cards.end())
            *same = std::move(card); // a dict entry set again
        else
            out.cards.push_back(std::move(card));
    };

    std::optional<StepNumber> last;
    std::vector<Score> scores;
    for (const std::filesystem::path& step_dir : steps) {
        std::optional<Value> number = python_int(Value{step_dir.filename().string().substr(5)});
        if (!number)
            continue; // not a step: int() raises, fairseq2 skips it
        StepNumber step{*number, number->key_text()};
        add_step_card(fmt::format("checkpoint_step_{}@", step.text), step);
        if (!last || *last < step)
            last = step;

        std::filesystem::path score_file = resolved / "scores" / fmt::format("step_{}.txt", step.text);
        std::ifstream score_stream{score_file};
        if (!score_stream) {
            std::error_code exists_error;
            if (!std::filesystem::exists(score_file, exists_error))
                continue; // FileNotFoundError: no score for this step
            out.diagnostics.push_back(checkpoint_problem(
                fmt::format("The score file {} cannot be read. Check its permissions.", score_file.string()),
                score_file.string()));
            return drop_all();
        }
        std::string line;
        std::getline(score_stream, line);
        std::optional<Value> score = python_float(Value{line});
        if (!score) {
            out.diagnostics.push_back(checkpoint_problem(
                fmt::format("Score of the training step {} cannot be parsed as a floating-point number ({} holds "
                            "'{}'). Write the score as a number on the file's first line.",
                            step.text, score_file.string(), line),
                score_file.string()));
            return drop_all();
        }
        scores.push_back({score->as_float(), step});
    }

    if (last)
        add_step_card("last_checkpoint@", *last);
    if (!scores.empty()) {
        std::stable_sort(scores.begin(), scores.end(), better);
        add_step_card("best_checkpoint@", scores.front().step);
        for (std::size_t i = 0; i < scores.size(); ++i)
            add_step_card(fmt::format("best_checkpoint_{}@", i), scores[i].step);
    }
    return out;
}

} // namespace fairseq2

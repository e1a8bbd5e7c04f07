#include "fairseq2/assets/loader.hpp"

#include <algorithm>
#include <functional>
#include <iterator>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>

#include "card_checks.hpp"
#include "checkpoint_cards.hpp"
#include "card_files.hpp"
#include "fairseq2/assets/directories.hpp"
#include "fairseq2/assets/name.hpp"
#include "fairseq2/assets/uri.hpp"
#include "fairseq2/support/parallel.hpp"
#include "fairseq2/support/text.hpp"
#include "fairseq2/yaml/reader.hpp"

namespace fairseq2 {
namespace {

struct FileResult {
    std::vector<AssetCard> cards;
    // CardIndex::hash() of each card's name, worked out by the thread that
    // read the file, so that the serial assembly only probes the index.
    std::vector<std::size_t> name_hashes;
    Diagnostics diagnostics;
    // Names of cards the file holds but that could not be loaded.
    std::vector<std::pair<std::string, SourceLocation>> unloaded;
};

// The names a card file that failed to load declares (`name: X` at the start
// of a line), so that a card building on one of them can say the base exists
// but its file is broken, rather than that it is missing.
std::vector<std::pair<std::string, SourceLocation>> declared_names(std::string_view text,
                                                                   const std::string& file) {
    std::vector<std::pair<std::string, SourceLocation>> names;
    std::uint32_t line = 1;
    for (std::size_t start = 0; start < text.size(); ++line) {
        std::size_t end = text.find('\n', start);
        std::string_view row = text.substr(start, end == std::string_view::npos ? text.npos : end - start);
        if (row.substr(0, 5) == "name:") {
            std::string_view value = trim(row.substr(5));
            if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') &&
                value.back() == value.front())
                value = value.substr(1, value.size() - 2);
            if (auto canonical = canonicalize_asset_name(value))
                names.emplace_back(std::move(*canonical), SourceLocation{file, line, 1});
        }
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return names;
}

// What a card whose fields are deferred keeps of its metadata: its `base`,
// which the store links cards by.
void keep_only_base(AssetCard& card) {
    Value::Map kept;
    for (Field& field : card.metadata.as_map())
        if (field.key == "base" && field.has_string_key()) {
            kept.push_back(std::move(field));
            break;
        }
    card.metadata = Value{std::move(kept), card.metadata.mark()};
}

void hash_names(FileResult& result) {
    result.name_hashes.resize(result.cards.size());
    for (std::size_t i = 0; i < result.cards.size(); ++i)
        result.name_hashes[i] = CardIndex::hash(result.cards[i].name);
}

FileResult read_card_file(const FileTask& task, const std::string& source_name, bool defer_fields) {
    FileResult result;
    std::string storage;
    std::string_view text = task.embedded_text;
    if (!task.embedded) {
        if (!read_card_text(task.disk_path, storage, result.diagnostics))
            return result;
        text = storage;
    }

    YamlFile yaml = read_yaml(text, task.display_path);
    result.diagnostics = std::move(yaml.diagnostics);

    auto origin = std::make_shared<const CardOrigin>(CardOrigin{task.display_path, source_name, task.base_path});
    // Documents with an error were reported by the reader; read the others.
    std::vector<CardDocument> documents;
    documents.reserve(yaml.documents.size());
    for (std::size_t i = 0; i < yaml.documents.size(); ++i) {
        YamlDocument& document = yaml.documents[i];
        // A card is located at its mapping (its first key), not at a `---`.
        Mark at =
            document.root.mark().line && !document.root.is_null() ? document.root.mark() : document.start;
        if (document.valid)
            documents.push_back({std::move(document.root), origin, at, i});
    }
    check_cards(std::move(documents), result.cards, result.diagnostics);
    hash_names(result);
    if (defer_fields)
        for (AssetCard& card : result.cards)
            keep_only_base(card);
    if (has_errors(result.diagnostics)) {
        std::unordered_set<std::string_view> loaded;
        for (const AssetCard& card : result.cards)
            loaded.insert(card.name);
        for (auto& [name, location] : declared_names(text, task.display_path))
            if (!loaded.count(name))
                result.unloaded.emplace_back(std::move(name), std::move(location));
    }
    return result;
}

std::vector<FileResult> read_in_parallel(const std::vector<FileTask>& tasks,
                                         const std::vector<std::string>& source_names, bool defer_fields) {
    std::vector<FileResult> results(tasks.size());
    parallel_for(tasks.size(), [&](std::size_t i) {
        try {
            results[i] = read_card_file(tasks[i], source_names[tasks[i].source_index], defer_fields);
        } catch (const std::exception& error) { // out of memory, mostly: report, do not terminate
            results[i].diagnostics.push_back(Diagnostic{
                .severity = Severity::error,
                .code = DiagnosticCode::file_unreadable,
                .message = fmt::format("'{}' cannot be read: {}.", tasks[i].display_path, error.what()),
                .location = {tasks[i].display_path}});
        }
    });
    return results;
}

} // namespace

std::string LoadedSource::location() const {
    return source->kind == AssetSource::Kind::path ? source->path.string() : name;
}

std::vector<AssetCard> read_card_file_again(const LoadedFile& file, const std::string& source_name) {
    FileTask task;
    task.source_index = file.source_index;
    task.display_path = file.path;
    task.base_path = file.base_path;
    task.disk_path = file.disk_path;
    task.embedded_text = file.text;
    task.embedded = file.disk_path.empty();
    return read_card_file(task, source_name, false).cards;
}

LoadedAssets load_asset_sources(const std::vector<std::shared_ptr<const AssetSource>>& sources,
                                LoadOptions options) {
    LoadedAssets loaded;
    std::vector<FileTask> tasks;
    FileIndex file_index;
    std::vector<std::string> names(sources.size());
    std::vector<Diagnostics> walk_diagnostics(sources.size());
    std::vector<FileResult> memory_results(sources.size());

    for (std::size_t i = 0; i < sources.size(); ++i) {
        const AssetSource& source = *sources[i];
        LoadedSource entry;
        entry.source = sources[i];
        switch (source.kind) {
        case AssetSource::Kind::embedded:
            names[i] = std::string{builtin_source_name};
            for (const EmbeddedFile& file : source.files) {
                FileTask task;
                task.source_index = i;
                task.display_path = fmt::format("<builtin>/{}", file.path);
                task.base_path = std::filesystem::path{task.display_path}.parent_path().string();
                task.embedded_text = file.text;
                task.embedded = true;
                tasks.push_back(std::move(task));
            }
            break;
        case AssetSource::Kind::memory: {
            names[i] = source.memory_name;
            std::vector<CardDocument> documents;
            for (std::size_t k = 0; k < source.entries.size(); ++k) {
                auto origin = std::make_shared<const CardOrigin>(
                    CardOrigin{fmt::format("{}[{}]", source.memory_name, k), names[i], {}});
                YamlFile yaml = read_yaml(source.entries[k], origin->file);
                auto& diagnostics = memory_results[i].diagnostics;
                diagnostics.insert(diagnostics.end(), yaml.diagnostics.begin(), yaml.diagnostics.end());
                for (YamlDocument& document : yaml.documents)
                    if (document.valid)
                        documents.push_back({std::move(document.root), origin, {}, k});
            }
            check_cards(std::move(documents), memory_results[i].cards, memory_results[i].diagnostics);
            break;
        }
        case AssetSource::Kind::path:
            // fairseq2 names the source after the path as it was registered
            // (`path:{path}`, pathlib-normalised).
            names[i] = "path:" + normalize_path(source.path.string());
            walk_diagnostics[i].insert(walk_diagnostics[i].end(), source.notes.begin(), source.notes.end());
            entry.missing = !find_card_files(source, i, tasks, file_index, walk_diagnostics[i]);
            break;
        case AssetSource::Kind::checkpoint: {
            // `checkpoint:{checkpoint_dir}`, the directory as registered.
            names[i] = "checkpoint:" + normalize_path(source.path.string());
            CheckpointCards read = read_checkpoint_cards(source.path, names[i]);
            memory_results[i].cards = std::move(read.cards);
            memory_results[i].diagnostics = std::move(read.diagnostics);
            if (!read.model_file.empty()) {
                entry.file_count = 1;
                loaded.files.push_back({read.model_file, memory_results[i].cards.size(), false});
            } else {
                entry.missing = true;
            }
            break;
        }
        case AssetSource::Kind::text: {
            // One card file given as text: fairseq2 would read it from a
            // file, so its relative locations are taken from here.
            names[i] = "path:" + source.path.string();
            FileTask task;
            task.source_index = i;
            task.display_path = source.path.string();
            task.base_path = resolve_python_path(source.text_directory.string()).string();
            task.embedded_text = source.text;
            task.embedded = true;
            task.validated = source.role == AssetSourceRole::validated;
            tasks.push_back(std::move(task));
            break;
        }
        }
        loaded.sources.push_back(std::move(entry));
    }

    std::vector<FileResult> results = read_in_parallel(tasks, names, options.defer_fields);

    // Assemble in source order, files in walk order: the first card of a name
    // is kept and every later one is reported against it. Each file's cards
    // stay in the array they were read into, which the source's card list
    // takes over; the index and the kept cards point into those arrays.
    std::size_t card_count = 0;
    for (const FileResult& result : memory_results)
        card_count += result.cards.size();
    for (const FileResult& result : results)
        card_count += result.cards.size();
    // The index of the kept cards, which the store takes over.
    auto& seen = loaded.cards_by_name;
    seen.reserve(card_count);
    // The source of each array of kept cards, by the array's address: a
    // duplicate's message finds the source of the name's first card by a
    // binary search, not by a walk over every file read so far.
    std::map<const AssetCard*, std::size_t, std::less<const AssetCard*>> source_of_array;
    std::size_t next_task = 0;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        LoadedSource& entry = loaded.sources[i];
        entry.name = names[i];
        auto& diagnostics = loaded.diagnostics;
        diagnostics.insert(diagnostics.end(), walk_diagnostics[i].begin(), walk_diagnostics[i].end());
        if (sources[i]->role == AssetSourceRole::validated)
            for (const Diagnostic& d : walk_diagnostics[i])
                loaded.validated_files.insert(d.location.file);

        auto add_cards = [&](FileResult& result) {
            diagnostics.insert(diagnostics.end(), std::make_move_iterator(result.diagnostics.begin()),
                               std::make_move_iterator(result.diagnostics.end()));
            for (auto& [name, location] : result.unloaded)
                loaded.unloaded_cards.try_emplace(std::move(name), std::move(location));
            // Cards from a file are deferred when asked; the others (in
            // memory, from a checkpoint) are held whole.
            bool from_file = &result != &memory_results[i];
            std::vector<AssetCard>& cards = result.cards;
            // Cards in memory and from a checkpoint, a few, are hashed here.
            if (result.name_hashes.size() != cards.size())
                hash_names(result);
            const std::vector<std::size_t>& hashes = result.name_hashes;
            constexpr std::size_t prefetch_distance = 8;
            for (std::size_t k = 0; k < std::min(prefetch_distance, cards.size()); ++k)
                seen.prefetch(hashes[k]);
            auto source_of = [&](const AssetCard& card) {
                if (is_one_of(card, cards))
                    return i;
                // A kept card: in the last array that starts at or before it.
                return std::prev(source_of_array.upper_bound(&card))->second;
            };
            // The kept cards are moved down over the dropped ones, in place:
            // those kept before stay where the index points.
            std::size_t kept_count = 0;
            for (std::size_t k = 0; k < cards.size(); ++k) {
                AssetCard& card = cards[k];
                if (k + prefetch_distance < cards.size())
                    seen.prefetch(hashes[k + prefetch_distance]);
                if (const AssetCard* held = seen.find(card.name, hashes[k])) {
                    const AssetCard& first = *held;
                    std::size_t first_source = source_of(first);
                    SourceLocation at = card.name_location();
                    SourceLocation first_at = first.name_location();
                    std::string message =
                        first_source == i
                            ? fmt::format("Two asset cards in {} have the name '{}': {} and {}. "
                                          "Rename or remove one of them.",
                                          names[i], card.display_name(), first_at.to_string(),
                                          at.to_string())
                            : fmt::format("An asset card named '{}' is in both {} ({}) and {} ({}). "
                                          "Names must be unique across sources: rename one, or "
                                          "change fields with an overlay ('{}@ENV') instead.",
                                          card.display_name(), names[first_source],
                                          first_at.to_string(), names[i], at.to_string(),
                                          card.base_name());
                    diagnostics.push_back(Diagnostic{.severity = Severity::error,
                                                     .code = DiagnosticCode::duplicate_name,
                                                     .message = std::move(message),
                                                     .location = at,
                                                     .asset = std::string{card.display_name()}});
                    continue;
                }
                AssetCard& kept = cards[kept_count++];
                if (&kept != &card)
                    kept = std::move(card);
                seen.insert(kept, hashes[k]);
                if (options.defer_fields)
                    entry.deferred_files.push_back(
                        from_file ? static_cast<std::uint32_t>(loaded.files.size()) : 0);
            }
            cards.erase(cards.begin() + static_cast<std::ptrdiff_t>(kept_count), cards.end());
            if (!cards.empty())
                source_of_array.emplace(cards.data(), i);
            entry.cards.append(std::move(cards));
        };

        add_cards(memory_results[i]);
        for (; next_task < tasks.size() && tasks[next_task].source_index == i; ++next_task) {
            const FileTask& task = tasks[next_task];
            ++entry.file_count;
            loaded.files.push_back({.path = task.display_path,
                                    .cards = results[next_task].cards.size(),
                                    .validated = task.validated,
                                    .disk_path = task.embedded ? std::filesystem::path{} : task.disk_path,
                                    .text = task.embedded ? task.embedded_text : std::string_view{},
                                    .base_path = task.base_path,
                                    .source_index = i});
            if (task.validated)
                loaded.validated_files.insert(task.display_path);
            add_cards(results[next_task]);
        }
    }
    return loaded;
}

} // namespace fairseq2

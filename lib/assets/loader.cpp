#include "fairseq2/assets/loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <system_error>
#include <unordered_map>
#include <utility>

#include <sys/stat.h>

#include <fmt/format.h>

#include "fairseq2/assets/directories.hpp"
#include "fairseq2/assets/name.hpp"
#include "fairseq2/support/text.hpp"
#include "fairseq2/assets/uri.hpp"
#include "fairseq2/yaml/reader.hpp"
#include "fairseq2/support/parallel.hpp"

namespace fairseq2 {

namespace {

Diagnostic make_diagnostic(Severity severity, std::string code, SourceLocation location,
                           std::string message, std::string asset = {}) {
    Diagnostic d;
    d.severity = severity;
    d.code = std::move(code);
    d.location = std::move(location);
    d.message = std::move(message);
    d.asset = std::move(asset);
    return d;
}

// One card file to read: from disk, or from the embedded built-in cards.
struct FileTask {
    std::size_t source_index = 0;
    std::string display_path;
    std::string base_path;
    std::filesystem::path disk_path;
    std::string_view embedded_text;
    bool embedded = false;
    // Walked by a source being validated (itself, or another that reads the
    // same file first).
    bool validated = false;
};

// A path being validated that another source reads already (the system
// directory itself, `.`, a link to it, a directory inside another validated
// one) is that source: its files are read once. A file is keyed by where
// fairseq2 reads it from, its resolved directory and its name, so that a
// linked card file elsewhere is still a card of its own, as in fairseq2.
using FileIndex = std::map<std::string, std::size_t>;

struct FileResult {
    std::vector<AssetCard> cards;
    Diagnostics diagnostics;
    // Names of cards the file holds but that could not be loaded.
    std::vector<std::pair<std::string, SourceLocation>> unloaded;
};

// The names a card file that failed to load declares (`name: X` at the start
// of a line), so that a card building on one of them can say the base exists
// but its file is broken, rather than that it is missing.
std::vector<std::pair<std::string, SourceLocation>> declared_names(std::string_view text, const std::string& file) {
    std::vector<std::pair<std::string, SourceLocation>> names;
    std::uint32_t line = 1;
    for (std::size_t start = 0; start < text.size(); ++line) {
        std::size_t end = text.find('\n', start);
        std::string_view row = text.substr(start, end == std::string_view::npos ? text.npos : end - start);
        if (row.substr(0, 5) == "name:") {
            std::string_view value = trim(row.substr(5));
            if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') && value.back() == value.front())
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

bool has_card_suffix(const std::filesystem::path& path) {
    auto ext = path.extension();
    return ext == ".yaml" || ext == ".yml";
}

std::string system_error_text(int error) {
    return std::system_category().message(error);
}

class SourceWalker {
public:
    SourceWalker(std::size_t source_index, bool validated, std::vector<FileTask>& tasks, FileIndex& index,
                 Diagnostics& diagnostics)
        : source_index_(source_index), validated_(validated), tasks_(tasks), index_(index),
          diagnostics_(diagnostics) {}

    // The card files this source leads to, those another source reads too
    // included.
    std::size_t files_found() const noexcept { return files_found_; }

    // `directory` as the user named it (for messages), `absolute` the same
    // directory made absolute (for `__base_path__`, as fairseq2 resolves it).
    void walk(const std::filesystem::path& directory, const std::filesystem::path& absolute,
              const struct stat& info) {
        if (!visited_.insert({info.st_dev, info.st_ino}).second) {
            diagnostics_.push_back(make_diagnostic(
                Severity::warning, "symlink-loop", {directory.string()},
                fmt::format("The directory '{}' leads back to a directory already read (a symlink "
                            "loop); it is skipped. Remove the link that points up the tree.",
                            directory.string())));
            return;
        }

        std::error_code error;
        std::vector<std::filesystem::path> entries;
        for (std::filesystem::directory_iterator it{directory, error}, end; !error && it != end;
             it.increment(error))
            entries.push_back(it->path());
        if (error) {
            diagnostics_.push_back(make_diagnostic(
                Severity::error, "file-unreadable", {directory.string()},
                fmt::format("The directory '{}' cannot be read: {}. Check its permissions.",
                            directory.string(), error.message())));
        }
        std::sort(entries.begin(), entries.end());

        for (const auto& entry : entries) {
            struct stat link_info {};
            if (::lstat(entry.c_str(), &link_info) == 0 && S_ISDIR(link_info.st_mode)) {
                walk(entry, absolute / entry.filename(), link_info);
                continue;
            }
            bool is_link = S_ISLNK(link_info.st_mode);
            struct stat entry_info {};
            if (::stat(entry.c_str(), &entry_info) != 0) {
                int stat_error = errno;
                if (has_card_suffix(entry))
                    report_unreadable(entry, stat_error);
                continue;
            }
            if (is_link && S_ISDIR(entry_info.st_mode)) {
                // fairseq2 walks with fsspec, which lists a symlink as a
                // file: it never descends into a linked directory, and fails
                // opening one named like a card file.
                skip_linked_directory(entry);
                continue;
            }
            // A linked file is read, and its relative locations are taken
            // from the link's directory.
            if (has_card_suffix(entry))
                add_file(entry, absolute, entry_info);
        }
    }

    void add_file(const std::filesystem::path& file, const std::filesystem::path& absolute_parent,
                  const struct stat& info) {
        if (!S_ISREG(info.st_mode)) {
            diagnostics_.push_back(make_diagnostic(
                Severity::error, "file-unreadable", {file.string()},
                fmt::format("'{}' is not a regular file (a FIFO, socket or device named like a "
                            "card file) and is not read. Rename it or move it out of the card "
                            "directory.",
                            file.string())));
            return;
        }
        if (static_cast<std::uintmax_t>(info.st_size) > max_card_file_size) {
            diagnostics_.push_back(make_diagnostic(
                Severity::error, "file-unreadable", {file.string()},
                fmt::format("'{}' is {} bytes, more than the {} bytes a card file may have; it is "
                            "not read. Split it into smaller files.",
                            file.string(), info.st_size, max_card_file_size)));
            return;
        }
        ++files_found_;
        std::string key = (absolute_parent / file.filename()).string();
        if (validated_) {
            if (auto found = index_.find(key); found != index_.end()) {
                tasks_[found->second].validated = true;
                return;
            }
        }
        index_.try_emplace(std::move(key), tasks_.size());
        FileTask task;
        task.source_index = source_index_;
        task.display_path = file.string();
        task.base_path = absolute_parent.string();
        task.disk_path = file;
        task.validated = validated_;
        tasks_.push_back(std::move(task));
    }

private:
    void skip_linked_directory(const std::filesystem::path& link) {
        if (has_card_suffix(link)) {
            diagnostics_.push_back(make_diagnostic(
                Severity::error, "file-unreadable", {link.string()},
                fmt::format("'{}' is a symbolic link to a directory, named like a card file: "
                            "fairseq2 tries to read it as a file and fails (IsADirectoryError), "
                            "which stops the whole asset store. Rename or remove the link.",
                            link.string())));
            return;
        }
        diagnostics_.push_back(make_diagnostic(
            Severity::warning, "skipped-directory", {link.string()},
            fmt::format("'{}' is a symbolic link to a directory, and fairseq2 does not descend into "
                        "linked directories: its cards are not read. Register it as a card "
                        "directory of its own, or copy the cards.",
                        link.string())));
    }

    void report_unreadable(const std::filesystem::path& file, int error) {
        if (error == ENOENT) {
            // fairseq2 skips a card file that vanished or is a dangling link.
            diagnostics_.push_back(make_diagnostic(
                Severity::warning, "file-unreadable", {file.string()},
                fmt::format("'{}' is a dangling symbolic link and is skipped.", file.string())));
            return;
        }
        diagnostics_.push_back(make_diagnostic(
            Severity::error, "file-unreadable", {file.string()},
            fmt::format("'{}' cannot be read: {}.{}", file.string(), system_error_text(error),
                        error == ELOOP ? " It is a symlink loop; remove the link." : "")));
    }

    std::size_t source_index_;
    bool validated_;
    std::vector<FileTask>& tasks_;
    FileIndex& index_;
    Diagnostics& diagnostics_;
    std::set<std::pair<dev_t, ino_t>> visited_;
    std::size_t files_found_ = 0;
};

bool read_file(const std::filesystem::path& path, std::string& text, Diagnostics& diagnostics) {
    std::ifstream stream{path, std::ios::binary};
    if (!stream) {
        int error = errno;
        diagnostics.push_back(make_diagnostic(
            Severity::error, "file-unreadable", {path.string()},
            fmt::format("'{}' cannot be opened: {}. Check its permissions.", path.string(),
                        system_error_text(error))));
        return false;
    }
    std::ostringstream buffer;
    buffer << stream.rdbuf();
    if (stream.bad()) {
        diagnostics.push_back(make_diagnostic(
            Severity::error, "file-unreadable", {path.string()},
            fmt::format("'{}' cannot be read: an I/O error occurred.", path.string())));
        return false;
    }
    text = std::move(buffer).str();
    return true;
}

FileResult read_card_file(const FileTask& task, const std::string& source_name) {
    FileResult result;
    std::string storage;
    std::string_view text = task.embedded_text;
    if (!task.embedded) {
        if (!read_file(task.disk_path, storage, result.diagnostics))
            return result;
        text = storage;
    }

    YamlFile yaml = read_yaml(text, task.display_path);
    result.diagnostics = std::move(yaml.diagnostics);

    // Documents with an error were reported by the reader; read the others.
    std::vector<CardDocument> documents;
    documents.reserve(yaml.documents.size());
    for (std::size_t i = 0; i < yaml.documents.size(); ++i) {
        YamlDocument& document = yaml.documents[i];
        // A card is located at its mapping (its first key), not at a `---`.
        Mark at = document.root.mark().line && !document.root.is_null() ? document.root.mark()
                                                                          : document.start;
        if (document.valid)
            documents.push_back({std::move(document.root), {task.display_path, at.line, at.column}, i});
    }
    read_cards(std::move(documents), source_name, task.base_path, result.cards, result.diagnostics);
    if (has_errors(result.diagnostics))
        for (auto& [name, location] : declared_names(text, task.display_path))
            if (std::none_of(result.cards.begin(), result.cards.end(),
                             [&](const AssetCard& card) { return card.name == name; }))
                result.unloaded.emplace_back(std::move(name), std::move(location));
    return result;
}

std::vector<FileResult> read_in_parallel(const std::vector<FileTask>& tasks,
                                         const std::vector<std::string>& source_names) {
    std::vector<FileResult> results(tasks.size());
    parallel_for(tasks.size(), [&](std::size_t i) {
        try {
            results[i] = read_card_file(tasks[i], source_names[tasks[i].source_index]);
        } catch (const std::exception& error) { // out of memory, mostly: report, do not terminate
            results[i].diagnostics.push_back(make_diagnostic(
                Severity::error, "file-unreadable", {tasks[i].display_path},
                fmt::format("'{}' cannot be read: {}.", tasks[i].display_path, error.what())));
        }
    });
    return results;
}

} // namespace

void read_cards(std::vector<CardDocument> documents, const std::string& source_name,
                const std::string& base_path, std::vector<AssetCard>& cards,
                Diagnostics& diagnostics) {
    for (CardDocument& document : documents) {
        std::size_t i = document.index;
        const SourceLocation& where = document.location;
        const std::string& file = where.file;
        auto error = [&](std::string code, SourceLocation location, std::string message,
                         std::string asset = {}) {
            diagnostics.push_back(make_diagnostic(Severity::error, std::move(code),
                                                  std::move(location), std::move(message),
                                                  std::move(asset)));
        };

        Value& root = document.root;
        if (root.is_null()) {
            error("empty-document", where,
                  fmt::format("The document at index {} in {} is empty, and fairseq2 refuses an "
                              "empty document. Remove it (often a trailing '---').",
                              i, file));
            continue;
        }
        if (!root.is_map()) {
            error("not-a-mapping", where,
                  fmt::format("The asset card at index {} in {} is expected to be a mapping, but "
                              "is of type `{}` instead.",
                              i, file, root.type_name()));
            continue;
        }

        AssetCard card;
        card.location = where;
        const Value* name = root.find("name");
        Mark name_mark = where.line ? Mark{where.line, where.column} : Mark{};
        for (const Field& field : root.as_map())
            if (field.key == "name")
                name_mark = field.key_mark;
        SourceLocation name_location{file, name_mark.line, name_mark.column};

        if (!name || name->is_null() || (name->is_string() && name->as_string().empty())) {
            error("missing-name", name ? name_location : where,
                  fmt::format("The asset card at index {} in {} does not have a name. Add a "
                              "`name:` field.",
                              i, file));
            continue;
        }
        if (!name->is_string()) {
            error("invalid-name", name_location,
                  fmt::format("The name of the asset card at index {} in {} is expected to be of "
                              "type `str`, but is of type `{}` instead. Quote it.",
                              i, file, name->type_name()));
            continue;
        }
        auto canonical = canonicalize_asset_name(name->as_string());
        if (!canonical) {
            error("invalid-name", name_location,
                  fmt::format("The asset card at index {} in {} has the invalid name '{}'. A name "
                              "is `NAME` or `NAME@ENV`: one `@` at most, and not at the start.",
                              i, file, name->as_string()),
                  name->as_string());
            continue;
        }
        card.name = std::move(*canonical);
        card.name_mark = name_mark;
        root.erase("name");

        if (Value* base = root.find("base"); base && !base->is_null()) {
            SourceLocation base_location = card.location;
            for (const Field& field : root.as_map())
                if (field.key == "base")
                    base_location = {file, field.key_mark.line, field.key_mark.column};
            if (!base->is_string()) {
                error("invalid-base", base_location,
                      fmt::format("The base of the '{}' asset card is expected to be of type `str`, "
                                  "but is of type `{}` instead.",
                                  card.display_name(), base->type_name()),
                      card.display_name());
                continue;
            }
            auto sanitized = sanitize_base_asset_name(base->as_string());
            if (!sanitized) {
                error("invalid-base", base_location,
                      fmt::format("The base of the '{}' asset card is '{}', which is not a valid "
                                  "base name: it must be a card name without `@`, and not blank. "
                                  "An overlay cannot be a base; name its card instead.",
                                  card.display_name(), base->as_string()),
                      card.display_name());
                continue;
            }
            *base = Value{std::move(*sanitized), base->mark()};
        }

        Mark card_mark{where.line, where.column};
        if (!base_path.empty())
            root.set("__base_path__", Value{base_path, card_mark});
        card.base_path = base_path;
        root.set("__source__", Value{source_name, card_mark});
        card.metadata = std::move(root);
        card.source = source_name;
        cards.push_back(std::move(card));
    }
}

LoadedAssets load_asset_sources(const std::vector<std::shared_ptr<const AssetSource>>& sources) {
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
                SourceLocation location{fmt::format("{}[{}]", source.memory_name, k)};
                YamlFile yaml = read_yaml(source.entries[k], location.file);
                auto& diagnostics = memory_results[i].diagnostics;
                diagnostics.insert(diagnostics.end(), yaml.diagnostics.begin(), yaml.diagnostics.end());
                for (YamlDocument& document : yaml.documents)
                    if (document.valid)
                        documents.push_back({std::move(document.root), location, k});
            }
            read_cards(std::move(documents), names[i], {}, memory_results[i].cards,
                       memory_results[i].diagnostics);
            break;
        }
        case AssetSource::Kind::path: {
            // fairseq2 names the source after the path as it was registered
            // (`path:{path}`, pathlib-normalised), then reads the resolved
            // path: `__base_path__` lies below the resolved directory.
            names[i] = "path:" + normalize_path(source.path.string());
            walk_diagnostics[i].insert(walk_diagnostics[i].end(), source.notes.begin(), source.notes.end());
            struct stat info {};
            if (::stat(source.path.c_str(), &info) != 0) {
                int error = errno;
                entry.missing = true;
                if (source.is_well_known())
                    break;
                walk_diagnostics[i].push_back(make_diagnostic(
                    Severity::error, "source-not-found", {source.path.string()},
                    fmt::format("The asset card path '{}' registered by '{}' {}.", source.path.string(),
                                source.origin,
                                error == ENOENT ? "does not exist"
                                                : "cannot be accessed: " + system_error_text(error))));
                break;
            }
            bool validated = source.role == AssetSourceRole::validated;
            SourceWalker walker{i, validated, tasks, file_index, walk_diagnostics[i]};
            std::filesystem::path resolved =
                source.is_well_known() ? source.path : resolve_python_path(source.path.string());
            if (S_ISDIR(info.st_mode))
                walker.walk(source.path, resolved, info);
            else
                walker.add_file(source.path, resolved.parent_path(), info);
            if (validated && S_ISDIR(info.st_mode) && walker.files_found() == 0)
                walk_diagnostics[i].push_back(make_diagnostic(
                    Severity::warning, "no-card-files", {source.path.string()},
                    fmt::format("The directory '{}' holds no card file (*.yaml or *.yml), so nothing "
                                "in it was validated. Check the path.",
                                source.path.string())));
            break;
        }
        case AssetSource::Kind::text: {
            // One card file given as text: fairseq2 would read it from a
            // file, so its relative locations are taken from here.
            names[i] = "path:" + source.path.string();
            FileTask task;
            task.source_index = i;
            task.display_path = source.path.string();
            task.base_path = resolve_python_path("").string();
            task.embedded_text = source.text;
            task.embedded = true;
            task.validated = source.role == AssetSourceRole::validated;
            tasks.push_back(std::move(task));
            break;
        }
        }
        loaded.sources.push_back(std::move(entry));
    }

    std::vector<FileResult> results = read_in_parallel(tasks, names);

    // Assemble in source order, files in walk order: the first card of a name
    // is kept and every later one is reported against it.
    struct Seen {
        std::size_t source;
        SourceLocation location;
    };
    std::unordered_map<std::string, Seen> seen;
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
            entry.cards_read += result.cards.size();
            for (AssetCard& card : result.cards) {
                SourceLocation at{card.location.file, card.name_mark.line, card.name_mark.column};
                auto [it, inserted] = seen.try_emplace(card.name, Seen{i, at});
                if (!inserted) {
                    const Seen& first = it->second;
                    std::string message =
                        first.source == i
                            ? fmt::format("Two asset cards in {} have the name '{}': {} and {}. "
                                          "Rename or remove one of them.",
                                          names[i], card.display_name(),
                                          first.location.to_string(), at.to_string())
                            : fmt::format("An asset card named '{}' is in both {} ({}) and {} ({}). "
                                          "Names must be unique across sources: rename one, or "
                                          "change fields with an overlay ('{}@ENV') instead.",
                                          card.display_name(), names[first.source],
                                          first.location.to_string(), names[i], at.to_string(),
                                          card.base_name());
                    diagnostics.push_back(make_diagnostic(Severity::error, "duplicate-name", at,
                                                          std::move(message),
                                                          card.display_name()));
                    continue;
                }
                entry.cards.push_back(std::move(card));
            }
        };

        add_cards(memory_results[i]);
        for (; next_task < tasks.size() && tasks[next_task].source_index == i; ++next_task) {
            const FileTask& task = tasks[next_task];
            ++entry.file_count;
            entry.files.push_back(task.display_path);
            loaded.files.push_back({task.display_path, results[next_task].cards.size(), task.validated});
            if (task.validated)
                loaded.validated_files.insert(task.display_path);
            add_cards(results[next_task]);
        }
    }
    return loaded;
}

} // namespace fairseq2

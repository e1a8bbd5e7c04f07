#include "fairseq2/extensions/discovery.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include <boost/dll/runtime_symbol_info.hpp>
#include <fmt/format.h>

#include "fairseq2/yaml/reader.hpp"

namespace fairseq2 {

namespace {

constexpr std::string_view group_key = "fairseq2.extension";

std::optional<std::string> variable(const char* name) {
    const char* value = std::getenv(name);
    if (!value || !*value)
        return std::nullopt;
    return std::string{value};
}

ExtensionRecord invalid_manifest(const std::filesystem::path& manifest, Mark mark, std::string name,
                                 std::string message) {
    ExtensionRecord record;
    record.name = std::move(name);
    record.manifest = manifest;
    record.manifest_line = mark.line;
    record.status = ExtensionStatus::failed;
    record.error = Diagnostic{.code = DiagnosticCode::manifest_invalid,
                              .message = std::move(message),
                              .location = {manifest.string(), mark.line, mark.column},
                              .asset = record.name};
    return record;
}

const std::string expected_shape =
    "A manifest maps `fairseq2.extension` to entries `NAME: LIBRARY:FUNCTION`.";

void read_manifest(const std::filesystem::path& manifest, std::vector<ExtensionRecord>& records) {
    std::string stem = manifest.stem().string();
    std::ifstream stream{manifest, std::ios::binary};
    if (!stream) {
        records.push_back(invalid_manifest(manifest, {}, stem,
                                           fmt::format("The extension manifest '{}' cannot be read.",
                                                       manifest.string())));
        return;
    }
    std::ostringstream text;
    text << stream.rdbuf();
    YamlFile yaml = read_yaml(text.str(), manifest.string());
    if (!yaml.diagnostics.empty()) {
        const Diagnostic& problem = yaml.diagnostics.front();
        records.push_back(invalid_manifest(
            manifest, {problem.location.line, problem.location.column}, stem,
            fmt::format("The extension manifest '{}' is not valid YAML: {}", manifest.string(),
                        problem.message)));
        return;
    }
    if (yaml.documents.size() != 1 || !yaml.documents[0].root.is_map()) {
        records.push_back(invalid_manifest(
            manifest, {1, 1}, stem,
            fmt::format("The extension manifest '{}' is expected to be one mapping. {}",
                        manifest.string(), expected_shape)));
        return;
    }
    const Value& root = yaml.documents[0].root;
    const Value* group = root.find(group_key);
    if (!group || !group->is_map()) {
        records.push_back(invalid_manifest(
            manifest, root.mark(), stem,
            fmt::format("The extension manifest '{}' has no `{}` mapping. {}", manifest.string(),
                        group_key, expected_shape)));
        return;
    }

    std::vector<const Field*> entries;
    for (const Field& entry : group->as_map())
        entries.push_back(&entry);
    std::sort(entries.begin(), entries.end(),
              [](const Field* a, const Field* b) { return a->key < b->key; });

    for (const Field* entry : entries) {
        const Value& value = entry->value;
        auto colon = value.is_string() ? value.as_string().rfind(':') : std::string::npos;
        if (colon == std::string::npos || colon == 0 || colon + 1 == value.as_string().size()) {
            records.push_back(invalid_manifest(
                manifest, entry->key_mark, entry->key,
                fmt::format("The entry point of the '{}' extension in '{}' is expected to be "
                            "`LIBRARY:FUNCTION`, but is {} instead.",
                            entry->key, manifest.string(),
                            value.is_string() ? fmt::format("'{}'", value.as_string())
                                              : fmt::format("of type `{}`", value.type_name()))));
            continue;
        }
        ExtensionRecord record;
        record.name = entry->key;
        record.entry_point = value.as_string();
        record.manifest = manifest;
        record.manifest_line = entry->key_mark.line;
        std::filesystem::path library = value.as_string().substr(0, colon);
        record.library = library.is_absolute() ? library : manifest.parent_path() / library;
        record.function = value.as_string().substr(colon + 1);
        records.push_back(std::move(record));
    }
}

} // namespace

const char* to_string(ExtensionDirectoryRole role) noexcept {
    switch (role) {
    case ExtensionDirectoryRole::given: return "given";
    case ExtensionDirectoryRole::variable: return "FAIRSEQ2_EXTENSION_PATH";
    case ExtensionDirectoryRole::user: return "user";
    case ExtensionDirectoryRole::system: return "system";
    }
    return "given";
}

std::filesystem::path system_extension_directory() {
    boost::dll::fs::error_code error;
    std::filesystem::path program = boost::dll::program_location(error).string();
    return program.parent_path().parent_path() / "lib" / "fairseq2" / "extensions";
}

std::vector<ExtensionDirectory> extension_search_path(const std::vector<std::filesystem::path>& given) {
    std::vector<ExtensionDirectory> directories;
    for (const auto& path : given)
        directories.push_back({path, ExtensionDirectoryRole::given});
    if (auto path_list = variable("FAIRSEQ2_EXTENSION_PATH")) {
        std::stringstream parts{*path_list};
        std::string part;
        while (std::getline(parts, part, ':'))
            if (!part.empty())
                directories.push_back({part, ExtensionDirectoryRole::variable});
    }
    if (auto data = variable("XDG_DATA_HOME"))
        directories.push_back({std::filesystem::path{*data} / "fairseq2" / "extensions", ExtensionDirectoryRole::user});
    else if (auto home = variable("HOME"))
        directories.push_back({std::filesystem::path{*home} / ".local" / "share" / "fairseq2" / "extensions",
                               ExtensionDirectoryRole::user});
    directories.push_back({system_extension_directory(), ExtensionDirectoryRole::system});
    return directories;
}

std::vector<ExtensionRecord> read_extension_directory(const std::filesystem::path& directory) {
    std::vector<std::filesystem::path> manifests;
    std::error_code error;
    for (std::filesystem::directory_iterator it{directory, error}, end; !error && it != end;
         it.increment(error))
        if (it->path().extension() == ".yaml" && it->is_regular_file(error))
            manifests.push_back(it->path());
    std::sort(manifests.begin(), manifests.end());

    std::vector<ExtensionRecord> records;
    for (const auto& manifest : manifests)
        read_manifest(manifest, records);
    return records;
}

std::vector<ExtensionRecord> discover_extensions(const std::vector<ExtensionDirectory>& directories) {
    std::vector<ExtensionRecord> records;
    std::unordered_map<std::string, std::size_t> first_of;
    for (const ExtensionDirectory& directory : directories) {
        for (ExtensionRecord& record : read_extension_directory(directory.path)) {
            auto [it, inserted] = first_of.try_emplace(record.name, records.size());
            if (!inserted && record.status == ExtensionStatus::pending) {
                const ExtensionRecord& first = records[it->second];
                record.status = ExtensionStatus::shadowed;
                record.error = Diagnostic{
                    .severity = Severity::warning,
                    .code = DiagnosticCode::shadowed,
                    .message = fmt::format("The '{}' extension of {} is shadowed by the one of {}, found "
                                           "first; it is not loaded.",
                                           record.name, record.manifest.string(), first.manifest.string()),
                    .location = {record.manifest.string(), record.manifest_line, 1},
                    .asset = record.name};
            }
            records.push_back(std::move(record));
        }
    }
    return records;
}

} // namespace fairseq2

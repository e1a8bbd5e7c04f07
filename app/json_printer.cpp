// The JSON of every result: the stable shapes of the man page's JSON OUTPUT.
#include "json_printer.hpp"

#include <fmt/format.h>

#include "fairseq2/version.hpp"
#include "json_writer.hpp"
#include "words.hpp"

namespace fairseq2ctl {
namespace {

using Layout = JsonWriter::Layout;

void write_strings(JsonWriter& w, const std::vector<std::string>& strings) {
    w.begin_array();
    for (const std::string& text : strings)
        w.string(text);
    w.end_array();
}

// `{"code", "message", ["file", "line", "column"], ["hint"]}`
void write_error(JsonWriter& w, const fairseq2::Diagnostic& error) {
    w.begin_object();
    w.member("code", fairseq2::to_string(error.code));
    w.member("message", error.message);
    if (!error.location.file.empty()) {
        w.member("file", error.location.file);
        w.member("line", error.location.line);
        w.member("column", error.location.column);
    }
    if (!error.hint.empty())
        w.member("hint", error.hint);
    w.end_object();
}

// `{"code", "message"}` of an extension's failure, or null.
void write_extension_error(JsonWriter& w, const fairseq2::ExtensionRecord& record) {
    if (!record.error) {
        w.null();
        return;
    }
    w.begin_object();
    w.member("code", fairseq2::to_string(record.error->code));
    w.member("message", record.error->message);
    w.end_object();
}

void write_resolved(JsonWriter& w, const ResolvedAsset& asset) {
    const fairseq2::ResolvedCard& card = asset.card;
    w.begin_object();
    w.key("fields");
    w.begin_object();
    for (const auto& field : card.fields()) {
        w.key(*field.key);
        w.value(*field.value);
    }
    w.end_object();
    w.key("provenance");
    w.begin_object();
    // `{"card": NAME, "file": FILE, "line": LINE}` for each field. The fields
    // come from the few cards of the chain: each card's entry is written once
    // by a fragment writer (so in this writer's layout and depth) with the
    // line as a placeholder, then copied with each field's line (for the
    // first cards of a chain, so that a very long one costs no search per
    // field).
    struct Entry {
        const fairseq2::AssetCard* card;
        // The entry before the line and after it.
        std::string head;
        std::string tail;
    };
    constexpr std::size_t remembered = 8;
    std::vector<Entry> entries;
    entries.reserve(remembered);
    Entry scratch;
    auto entry_of = [&](const fairseq2::AssetCard* holder) -> const Entry& {
        for (const Entry& known : entries)
            if (known.card == holder)
                return known;
        Entry& added = entries.size() < remembered ? entries.emplace_back() : scratch;
        added = {holder, {}, {}};
        JsonWriter f = w.fragment();
        f.begin_object();
        f.member("card", holder->display_name());
        f.member("file", holder->file());
        f.key("line");
        std::size_t line_at = f.size();
        f.unsigned_integer(0);
        f.end_object();
        added.head = std::move(f).text();
        added.tail = added.head.substr(line_at + 1);
        added.head.resize(line_at);
        return added;
    };
    for (const auto& field : card.fields()) {
        const Entry& holder = entry_of(field.card);
        fmt::format_int line{field.mark.line};
        w.key(*field.key);
        w.rendered({holder.head, {line.data(), line.size()}, holder.tail});
    }
    w.end_object();
    // The cards in precedence order: each link's overlay before its card.
    w.key("chain");
    w.begin_array();
    for (const auto& level : card.chain()) {
        if (level.overlay)
            w.string(level.overlay->name);
        w.string(level.card->base_name());
    }
    w.end_array();
    w.key("overlay");
    if (card.overlay())
        w.string(card.overlay()->name);
    else
        w.null();
    // What fairseq2 opens for each location field it reads: the URI, the
    // card it is read from, or why it fails.
    w.key("locations");
    w.begin_object();
    for (const fairseq2::CardLocation& location : asset.details.locations) {
        w.key(location.field);
        w.begin_object();
        w.member("card", location.card);
        if (location.location) {
            w.member("uri", location.location->uri);
        } else {
            w.key("error");
            write_error(w, *location.error);
        }
        w.end_object();
    }
    w.end_object();
    for (const ShownConfig& config : asset.configs) {
        w.key(config.key);
        w.value(config.value);
    }
    w.end_object();
}

void write_failed(JsonWriter& w, const fairseq2::Diagnostic& error) {
    w.begin_object();
    w.key("error");
    write_error(w, error);
    w.key("chain");
    w.begin_array();
    w.end_array();
    w.key("overlay");
    w.null();
    w.end_object();
}

// A card's own keys: name, source, place and fields.
void write_card_keys(JsonWriter& w, const fairseq2::AssetCard& card) {
    w.member("name", card.display_name());
    w.member("source", card.source());
    w.member("file", card.file());
    w.member("line", card.mark.line);
    w.member("column", card.mark.column);
    w.key("fields");
    w.begin_object();
    card.for_each_field([&](const fairseq2::Field& field) {
        w.key(field.key);
        w.value(field.value);
    });
    w.end_object();
}

void write_config_fields(JsonWriter& w, const fairseq2::ConfigSchema& schema) {
    w.begin_array();
    for (const fairseq2::ConfigField& field : schema.fields) {
        w.begin_object();
        w.member("name", field.name.str());
        w.member("type", field.type.to_string());
        w.key("default");
        if (field.default_value)
            w.value(*field.default_value);
        else
            w.null();
        w.member("required", !field.default_value);
        const fairseq2::FieldType* inner = &field.type;
        if (inner->kind == fairseq2::FieldType::Kind::optional)
            inner = &inner->items[0];
        if (inner->kind == fairseq2::FieldType::Kind::config) {
            w.key("fields");
            write_config_fields(w, *inner->schema);
        }
        w.end_object();
    }
    w.end_array();
}

void write_registered(JsonWriter& w, const fairseq2::ExtensionInventory& inventory) {
    w.begin_object();
    w.key("card_sources");
    write_strings(w, inventory.card_sources);
    w.member("environment_resolvers", std::uint64_t{inventory.environment_resolvers});
    // By kind, in the order the kinds first appear.
    w.key("families");
    w.begin_object();
    std::vector<fairseq2::FamilyKind> kinds;
    for (const auto& family : inventory.families)
        if (std::find(kinds.begin(), kinds.end(), family.kind) == kinds.end())
            kinds.push_back(family.kind);
    for (fairseq2::FamilyKind kind : kinds) {
        w.key(fairseq2::to_string(kind));
        w.begin_array();
        for (const auto& family : inventory.families)
            if (family.kind == kind)
                w.string(family.name);
        w.end_array();
    }
    w.end_object();
    w.key("archs");
    write_strings(w, inventory.archs);
    w.key("registrations");
    w.begin_array();
    for (const fairseq2::RegistrationInfo& info : inventory.registrations) {
        w.begin_object();
        w.member("type", info.type);
        w.member_or_null("key", info.key ? std::string_view{*info.key} : std::string_view{});
        w.member("kind", fairseq2::to_string(info.kind));
        w.member("collection", info.in_collection);
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

// `{"value", "card", "file", "line", "changed"}` of one cell, or null when
// it has none.
void write_cell(JsonWriter& w, const fairseq2::ComparedCell& cell) {
    if (!cell.value) {
        w.null();
        return;
    }
    w.begin_object();
    w.key("value");
    w.value(*cell.value);
    w.member("card", cell.card);
    w.member_or_null("file", cell.location.file);
    w.member("line", cell.location.line);
    w.member("changed", cell.changed);
    w.end_object();
}

void write_environment(JsonWriter& w, const std::optional<std::string>& environment) {
    if (environment)
        w.string(*environment);
    else
        w.null();
}

// `{"key", "config", "differs", "cells": [...]}`
void write_row(JsonWriter& w, const fairseq2::ComparedRow& row) {
    w.begin_object();
    w.member("key", row.key);
    w.member("config", row.config);
    w.member("differs", row.differs);
    w.key("cells");
    w.begin_array();
    for (const fairseq2::ComparedCell& cell : row.cells)
        write_cell(w, cell);
    w.end_array();
    w.end_object();
}

// The errors of the columns that cannot be resolved, by environment.
void write_column_errors(JsonWriter& w, const std::vector<fairseq2::CardInEnvironment>& columns) {
    w.key("errors");
    w.begin_array();
    for (const fairseq2::CardInEnvironment& column : columns) {
        if (!column.error)
            continue;
        w.begin_object();
        w.key("environment");
        write_environment(w, column.environment);
        w.key("error");
        write_error(w, *column.error);
        w.end_object();
    }
    w.end_array();
}

void write_directory(JsonWriter& w, const fairseq2::AssetDirectory& directory) {
    w.begin_object();
    w.member("path", directory.path.string());
    w.member_or_null("from", directory.variable);
    w.end_object();
}

// `{"environments": [...], "assets": {NAME: ...}}`, with `fill` writing
// the asset.
template <typename Fill>
std::string one_asset_document(const std::vector<std::string>& environments, std::string_view name,
                               Fill&& fill) {
    JsonWriter w;
    w.begin_object();
    w.key("environments");
    write_strings(w, environments);
    w.key("assets");
    w.begin_object();
    w.key(name);
    fill(w);
    w.end_object();
    w.end_object();
    return std::move(w).text();
}

} // namespace

JsonPrinter::JsonPrinter(Output& out) : Printer(out) {}

void JsonPrinter::document(const std::function<void(JsonWriter&)>& fill) {
    JsonWriter w;
    fill(w);
    out_.line(std::move(w).text());
}

void JsonPrinter::asset_listing(const fairseq2::AssetListing& listing) {
    document([&](JsonWriter& w) {
        w.begin_object();
        w.key("sources");
        w.begin_array();
        for (const auto& group : listing.groups) {
            w.begin_object();
            w.member("source", group.source);
            w.key("assets");
            w.begin_array();
            for (const auto& entry : group.entries) {
                w.begin_object();
                w.member("kind", entry.kind);
                w.member("name", entry.name);
                w.end_object();
            }
            w.end_array();
            w.end_object();
        }
        w.end_array();
        w.end_object();
    });
}

void JsonPrinter::card_chain(const fairseq2::ResolvedCard& card) {
    document([&](JsonWriter& w) {
        w.begin_object();
        w.key("environments");
        write_strings(w, card.environments());
        w.key("chain");
        w.begin_array();
        for (const auto& level : card.chain()) {
            w.begin_object();
            write_card_keys(w, *level.card);
            w.key("overlay");
            if (level.overlay) {
                w.begin_object();
                write_card_keys(w, *level.overlay);
                w.end_object();
            } else {
                w.null();
            }
            w.end_object();
        }
        w.end_array();
        w.end_object();
    });
}

void JsonPrinter::resolved_asset(const ResolvedAsset& asset) {
    out_.line(one_asset_document(asset.card.environments(), asset.card.name(),
                                 [&](JsonWriter& w) { write_resolved(w, asset); }));
}

void JsonPrinter::failed_asset(const FailedAsset& asset) {
    // The same shape as a success, so a script reads one format.
    out_.line(one_asset_document(asset.request.environments, asset.request.name,
                                 [&](JsonWriter& w) { write_failed(w, asset.error); }));
}

void JsonPrinter::begin_assets(const std::vector<std::string>& environments) {
    JsonWriter w{"{\"environments\": ", Layout::compact};
    write_strings(w, environments);
    std::string text = std::move(w).text();
    text += ", \"assets\": {";
    out_.write(text);
    streamed_ = 0;
}

void JsonPrinter::render_asset(const ResolvedAsset& asset, std::string& out) const {
    JsonWriter w{std::move(out), Layout::compact};
    write_resolved(w, asset);
    out = std::move(w).text();
}

void JsonPrinter::render_failed_asset(const fairseq2::Diagnostic& error, std::string& out) const {
    JsonWriter w{std::move(out), Layout::compact};
    write_failed(w, error);
    out = std::move(w).text();
}

void JsonPrinter::write_asset(std::string_view name, std::string_view rendered) {
    // One asset a line, so that the stream stays readable and greppable.
    head_.assign(streamed_++ == 0 ? "\n  " : ",\n  ");
    append_json_string(head_, name);
    head_ += ": ";
    out_.write(head_);
    out_.write(rendered);
}

void JsonPrinter::end_assets() {
    out_.line(streamed_ == 0 ? "}}" : "\n}}");
}

void JsonPrinter::environment_table(const EnvironmentTable& table) {
    document([&](JsonWriter& w) {
        w.begin_object();
        w.member("asset", table.name);
        w.key("environments");
        w.begin_array();
        for (const auto& column : table.columns)
            write_environment(w, column.environment);
        w.end_array();
        write_column_errors(w, table.columns);
        w.key("rows");
        w.begin_array();
        for (const auto& row : table.rows)
            write_row(w, row);
        w.end_array();
        w.end_object();
    });
}

void JsonPrinter::environment_diff(const EnvironmentDiff& diff) {
    document([&](JsonWriter& w) {
        w.begin_object();
        w.key("before");
        write_environment(w, diff.before);
        w.key("after");
        write_environment(w, diff.after);
        w.member("differ", std::uint64_t{diff.cards.size()});
        w.key("assets");
        w.begin_object();
        for (const EnvironmentTable& card : diff.cards) {
            w.key(card.name);
            w.begin_object();
            write_column_errors(w, card.columns);
            w.key("changes");
            w.begin_array();
            for (const auto& row : card.rows) {
                w.begin_object();
                w.member("key", row.key);
                w.member("config", row.config);
                w.key("before");
                write_cell(w, row.cells[0]);
                w.key("after");
                write_cell(w, row.cells[1]);
                w.end_object();
            }
            w.end_array();
            w.end_object();
        }
        w.end_object();
        w.end_object();
    });
}

void JsonPrinter::found_cards(const FoundCardsResult& result) {
    document([&](JsonWriter& w) {
        w.begin_object();
        w.key("queries");
        write_strings(w, result.queries);
        w.key("cards");
        w.begin_array();
        for (const fairseq2::FoundCard& card : result.found.cards) {
            w.begin_object();
            w.member("name", card.name);
            w.key("fields");
            w.begin_object();
            for (const fairseq2::EffectiveField& field : card.fields) {
                w.key(*field.key);
                write_cell(w, {field.value, std::string{field.card->display_name()}, field.location()});
            }
            w.end_object();
            w.end_object();
        }
        w.end_array();
        w.end_object();
    });
}

void JsonPrinter::new_card(const NewCard& card) {
    document([&](JsonWriter& w) {
        w.begin_object();
        w.member("path", card.path);
        w.member("text", card.text);
        w.key("asset");
        write_resolved(w, card.asset);
        w.end_object();
    });
}

void JsonPrinter::family_list(const std::vector<FamilyEntry>& families) {
    document([&](JsonWriter& w) {
        w.begin_object();
        w.key("families");
        w.begin_array();
        for (const FamilyEntry& entry : families) {
            const fairseq2::Family& family = *entry.family;
            w.begin_object();
            w.member("kind", fairseq2::to_string(family.kind));
            w.member("name", family.name);
            w.member("origin", family.origin);
            w.member_or_null("config_type", family.config ? std::string_view{family.config->name} : "");
            w.member("archs", std::uint64_t{entry.archs.size()});
            w.end_object();
        }
        w.end_array();
        w.end_object();
    });
}

void JsonPrinter::family_details(const std::vector<FamilyEntry>& families) {
    document([&](JsonWriter& w) {
        w.begin_object();
        w.key("families");
        w.begin_array();
        for (const FamilyEntry& entry : families) {
            const fairseq2::Family& family = *entry.family;
            w.begin_object();
            w.member("kind", fairseq2::to_string(family.kind));
            w.member("name", family.name);
            w.member("origin", family.origin);
            w.member_or_null("class", family.class_name);
            w.member_or_null("config_type", family.config ? std::string_view{family.config->name} : "");
            w.key("options");
            w.begin_object();
            for (const auto& [option, value] : family.options)
                w.member(option, value);
            w.end_object();
            w.key("fields");
            if (family.config) {
                write_config_fields(w, *family.config);
            } else {
                w.begin_array();
                w.end_array();
            }
            w.key("archs");
            w.begin_array();
            for (const auto& arch : entry.archs) {
                w.begin_object();
                w.member("name", arch->name);
                w.member("origin", arch->origin);
                w.end_object();
            }
            w.end_array();
            w.end_object();
        }
        w.end_array();
        w.end_object();
    });
}

void JsonPrinter::extension_list(const ExtensionListing& listing) {
    document([&](JsonWriter& w) {
        w.begin_object();
        w.key("extensions");
        w.begin_array();
        for (const ExtensionEntry& entry : listing.extensions) {
            const fairseq2::ExtensionRecord& record = *entry.record;
            w.begin_object();
            w.member("name", record.name);
            w.member("entry_point", record.entry_point);
            w.member("manifest", record.manifest.string());
            w.member("library", record.library.string());
            w.member("status", fairseq2::to_string(record.status));
            w.key("error");
            write_extension_error(w, record);
            w.key("registered");
            write_registered(w, entry.inventory);
            w.end_object();
        }
        w.end_array();
        w.key("directories");
        w.begin_array();
        for (const auto& directory : listing.directories) {
            w.begin_object();
            w.member("path", directory.path.string());
            w.member("from", words_for(directory.role));
            w.end_object();
        }
        w.end_array();
        w.end_object();
    });
}

void JsonPrinter::extension_check(const ExtensionCheck& check) {
    document([&](JsonWriter& w) {
        w.begin_object();
        w.member("checked", std::uint64_t{check.extensions.size()});
        w.member("failed", std::uint64_t{check.failed});
        w.key("extensions");
        w.begin_array();
        for (const fairseq2::ExtensionRecord* record : check.extensions) {
            w.begin_object();
            w.member("name", record->name);
            w.member("entry_point", record->entry_point);
            w.member("status", fairseq2::to_string(record->status));
            w.key("error");
            write_extension_error(w, *record);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    });
}

void JsonPrinter::runtime_info(const RuntimeInfo& info) {
    document([&](JsonWriter& w) {
        w.begin_object();
        w.member("version", PROJECT_VERSION_STRING);
        w.member("runtime_version", fairseq2::runtime_version);
        w.key("sources");
        w.begin_array();
        for (const fairseq2::LoadedSource& source : info.store->sources()) {
            w.begin_object();
            w.member("name", source.name);
            w.member("role", words_for(*source.source));
            w.member("path", source.location());
            w.member("origin", source.source->origin);
            w.member("missing", source.missing);
            w.member("files", std::uint64_t{source.file_count});
            w.member("cards", std::uint64_t{source.cards.size()});
            w.end_object();
        }
        w.end_array();
        w.key("environment");
        w.begin_object();
        w.member_or_null("name", info.environment.name ? std::string_view{*info.environment.name} : "");
        w.member_or_null("detected_by", detected_by(info.environment));
        w.key("lookup");
        write_strings(w, info.environment.default_lookup());
        w.key("with_overlays");
        w.begin_object();
        for (const auto& [name, count] : info.store->overlay_environments())
            w.member(name, std::uint64_t{count});
        w.end_object();
        w.end_object();
        w.key("environment_resolvers");
        write_strings(w, info.resolver_origins);
        w.member("extensions_enabled", info.extensions_enabled);
        w.key("extension_directories");
        w.begin_array();
        for (const auto& entry : info.extension_directories) {
            w.begin_object();
            w.member("path", entry.directory.path.string());
            w.member("from", words_for(entry.directory.role));
            w.member("exists", entry.exists);
            w.end_object();
        }
        w.end_array();
        w.key("cache_directories");
        w.begin_object();
        w.key("fairseq2");
        write_directory(w, info.fairseq2_cache);
        w.key("huggingface");
        write_directory(w, info.huggingface_cache);
        w.end_object();
        w.key("variables");
        w.begin_object();
        for (const auto& [name, value] : info.variables) {
            w.key(name);
            if (value)
                w.string(*value);
            else
                w.null();
        }
        w.end_object();
        w.end_object();
    });
}

void JsonPrinter::validation(const fairseq2::ValidationReport& report) {
    document([&](JsonWriter& w) {
        w.begin_object();
        w.member("files", std::uint64_t{report.files.size()});
        w.member("cards", std::uint64_t{report.cards});
        w.member("errors", std::uint64_t{report.count(fairseq2::Severity::error)});
        w.member("warnings", std::uint64_t{report.count(fairseq2::Severity::warning)});
        w.key("diagnostics");
        w.begin_array();
        for (const fairseq2::Diagnostic& d : report.diagnostics) {
            w.begin_object();
            w.member("file", d.location.file);
            w.member("line", d.location.line);
            w.member("column", d.location.column);
            w.member("severity", fairseq2::to_string(d.severity));
            w.member("code", fairseq2::to_string(d.code));
            w.member("message", d.message);
            w.member_or_null("asset", d.asset);
            w.member_or_null("environment", d.environment);
            if (!d.hint.empty())
                w.member("hint", d.hint);
            w.end_object();
        }
        w.end_array();
        w.end_object();
    });
}

} // namespace fairseq2ctl

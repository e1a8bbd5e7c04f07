#include "text_printer.hpp"

#include <fmt/format.h>

#include "fairseq2/version.hpp"
#include "words.hpp"

namespace fairseq2ctl {
namespace {

using fairseq2::ExtensionStatus;

std::string counted(std::size_t count, std::string_view noun) {
    return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

bool is_failure(ExtensionStatus status) {
    return status == ExtensionStatus::failed || status == ExtensionStatus::crashed;
}

std::string status_text(const Style& style, ExtensionStatus status) {
    std::string text = fairseq2::to_string(status);
    switch (status) {
    case ExtensionStatus::loaded: return style.green(text);
    case ExtensionStatus::failed:
    case ExtensionStatus::crashed: return style.red(text);
    default: return style.yellow(text);
    }
}

std::string registered_text(const fairseq2::ExtensionInventory& inventory) {
    std::vector<std::string> parts;
    for (const auto& source : inventory.card_sources)
        parts.push_back("cards " + source);
    if (inventory.environment_resolvers)
        parts.push_back(counted(inventory.environment_resolvers, "environment resolver"));
    for (const auto& family : inventory.families)
        parts.push_back(fmt::format("family {}:{}", fairseq2::to_string(family.kind), family.name));
    if (!inventory.archs.empty())
        parts.push_back(counted(inventory.archs.size(), "arch"));
    for (const auto& info : inventory.registrations)
        parts.push_back(info.key ? fmt::format("{} '{}'", info.type, *info.key) : info.type);
    return parts.empty() ? "nothing" : fmt::format("{}", fmt::join(parts, "; "));
}

std::string config_type_name(const fairseq2::Family& family) {
    return family.config ? family.config->name : "-";
}

// A config's fields, nested configs flattened under dotted names.
void add_field_rows(const fairseq2::ConfigSchema& schema, const Style& style, Table& table,
                    const std::string& prefix) {
    for (const auto& field : schema.fields) {
        const fairseq2::FieldType* inner = &field.type;
        if (inner->kind == fairseq2::FieldType::Kind::optional)
            inner = &inner->items[0];
        bool nested = inner->kind == fairseq2::FieldType::Kind::config && field.default_value &&
                      field.default_value->is_map();
        std::string shown = !field.default_value ? style.yellow("required")
                            : nested             ? style.dim("(below)")
                                                 : value_to_text(*field.default_value);
        table.add({style.bold(prefix + field.name.str()), style.cyan(field.type.to_string()), shown});
        if (inner->kind == fairseq2::FieldType::Kind::config)
            add_field_rows(*inner->schema, style, table, prefix + field.name.str() + ".");
    }
}

// A card's own fields, without the ones fairseq2 adds, with their lines.
void render_card_fields(std::string& out, const Style& style, const fairseq2::AssetCard& card,
                        std::string_view indent) {
    Table table;
    card.for_each_field([&](const fairseq2::Field& field) {
        if (!fairseq2::is_dunder_field(field.key))
            table.add({style.bold(escape_controls(field.key)), value_to_text(field.value),
                       style.dim(fmt::format("line {}", field.key_mark.line))});
    });
    table.render(out, indent);
}

void render_configs(std::string& out, const Style& style, const std::vector<ShownConfig>& configs) {
    for (const ShownConfig& config : configs) {
        out += fmt::format("\n  {}  {}\n", style.bold(config.key), style.dim(config.description));
        if (!config.value.is_map()) {
            out += "    " + style.dim("no config") + "\n";
            continue;
        }
        Table table;
        for (const auto& field : config.value.as_map())
            table.add({field.key, value_to_text(field.value)});
        table.render(out, "    ");
    }
}

std::string environment_label(const std::optional<std::string>& environment) {
    return environment ? *environment : "none";
}

std::string cell_text(const fairseq2::ComparedCell& cell) {
    return cell.value ? value_to_text(*cell.value) : "-";
}

// `card  file:line` of a cell, for the side of a change.
std::string cell_origin(const Style& style, const fairseq2::ComparedCell& cell) {
    if (!cell.value)
        return "";
    std::string origin = escape_controls(cell.card);
    if (!cell.location.file.empty())
        origin += "  " + escape_controls(cell.location.to_string());
    return style.dim(origin);
}

void render_column_errors(std::string& out, const Style& style,
                          const std::vector<fairseq2::CardInEnvironment>& columns) {
    for (const auto& column : columns)
        if (column.error)
            out += fmt::format("  {}: {} {}\n", style.bold(environment_label(column.environment)),
                               style.red("cannot be resolved:"),
                               escape_controls(column.error->message) + " " +
                                   style.dim(fmt::format("[{}]", fairseq2::to_string(column.error->code))));
}

} // namespace

TextPrinter::TextPrinter(Output& out, const Style& style) : Printer(out), style_(style) {}

void TextPrinter::asset_listing(const fairseq2::AssetListing& listing) {
    // fairseq2's layout: the source, its entries, a blank line; `n/a` when
    // there is nothing to list.
    if (listing.groups.empty()) {
        out_.line("  n/a");
        out_.line();
    }
    for (const auto& group : listing.groups) {
        out_.line("  " + style_.blue(escape_controls(group.source)));
        for (const auto& entry : group.entries)
            out_.line("   - " + escape_controls(entry.to_string()));
        out_.line();
    }
}

void TextPrinter::card_chain(const fairseq2::ResolvedCard& card) {
    std::string out;
    for (const auto& level : card.chain()) {
        out += fmt::format("{}  {}  {}\n", style_.green(escape_controls(level.card->display_name())),
                           style_.dim(escape_controls(level.card->source())),
                           style_.dim(escape_controls(level.card->location().to_string())));
        render_card_fields(out, style_, *level.card, "  ");
        if (level.overlay) {
            out += fmt::format("  {} {}  {}\n", style_.yellow("overlay"),
                               style_.green(escape_controls(level.overlay->name)),
                               style_.dim(escape_controls(level.overlay->location().to_string())));
            render_card_fields(out, style_, *level.overlay, "    ");
        }
        out += "\n";
    }
    out_.write(out);
}

void TextPrinter::render_asset(const ResolvedAsset& asset, std::string& out) const {
    const fairseq2::ResolvedCard& card = asset.card;
    out += style_.green(escape_controls(card.name())) + "\n";

    std::string envs;
    for (const auto& env : card.environments())
        envs += (envs.empty() ? "" : ", ") + escape_controls(env);
    std::string chain;
    for (const auto& level : card.chain()) {
        chain += (chain.empty() ? "" : " -> ") + escape_controls(level.card->base_name());
        if (level.overlay)
            chain += style_.yellow(" +" + escape_controls(level.overlay->name));
    }
    Table summary;
    summary.add({style_.bold("environments"), envs.empty() ? style_.dim("none") : envs});
    summary.add({style_.bold("overlay"),
                 card.overlay() ? style_.yellow(escape_controls(card.overlay()->name)) : style_.dim("none")});
    summary.add({style_.bold("chain"), chain});
    summary.render(out);
    out += "\n";

    Table fields;
    for (const auto& field : card.fields())
        fields.add({style_.bold(escape_controls(*field.key)), value_to_text(*field.value),
                    style_.dim(escape_controls(field.card->display_name())),
                    style_.dim(escape_controls(field.location().to_string()))});
    fields.render(out, "  ");

    if (!asset.details.locations.empty()) {
        out += "\n  " + style_.bold("locations") + "\n";
        Table locations;
        for (const auto& location : asset.details.locations)
            locations.add(
                {style_.bold(location.field),
                 location.location ? escape_controls(location.location->uri) : style_.red("cannot be opened"),
                 location.card == card.name() ? "" : style_.dim("from " + escape_controls(location.card))});
        locations.render(out, "    ");
    }
    render_configs(out, style_, asset.configs);
}

void TextPrinter::resolved_asset(const ResolvedAsset& asset) {
    std::string out;
    render_asset(asset, out);
    out_.write(out);
}

void TextPrinter::failed_asset(const FailedAsset&) {
    // The error itself goes to standard error, as every diagnostic does.
}

void TextPrinter::begin_assets(const std::vector<std::string>&) {
    streamed_ = 0;
}

void TextPrinter::render_failed_asset(const fairseq2::Diagnostic&, std::string&) const {}

void TextPrinter::write_asset(std::string_view, std::string_view rendered) {
    if (streamed_++ > 0)
        out_.line();
    out_.write(rendered);
}

void TextPrinter::end_assets() {}

void TextPrinter::environment_table(const EnvironmentTable& table) {
    std::string out = style_.green(escape_controls(table.name)) + "\n";
    Table grid;
    std::vector<std::string> header{""};
    for (const auto& column : table.columns)
        header.push_back(style_.dim(environment_label(column.environment)));
    grid.add(std::move(header));
    bool marked = false;
    for (const fairseq2::ComparedRow& row : table.rows) {
        std::vector<std::string> cells{style_.bold(escape_controls(row.key))};
        for (std::size_t c = 0; c < row.cells.size(); ++c) {
            std::string text = cell_text(row.cells[c]);
            if (row.cells[c].changed) {
                text = style_.yellow(text + " *");
                marked = true;
            }
            cells.push_back(std::move(text));
        }
        grid.add(std::move(cells));
    }
    grid.render(out);
    render_column_errors(out, style_, table.columns);
    if (marked)
        out += "\n  " + style_.dim("* differs from " + environment_label(table.columns.front().environment)) + "\n";
    out_.write(out);
}

void TextPrinter::environment_diff(const EnvironmentDiff& diff) {
    std::string out;
    std::string sides = fmt::format("{} -> {}", environment_label(diff.before), environment_label(diff.after));
    if (diff.cards.empty())
        out += fmt::format("nothing differs: {}\n", sides);
    for (const EnvironmentTable& card : diff.cards) {
        out += fmt::format("{}  {}\n", style_.green(escape_controls(card.name)), style_.dim(sides));
        render_column_errors(out, style_, card.columns);
        for (const fairseq2::ComparedRow& row : card.rows) {
            out += "  " + style_.bold(escape_controls(row.key)) + "\n";
            Table change;
            change.add({style_.red("-"), cell_text(row.cells[0]), cell_origin(style_, row.cells[0])});
            change.add({style_.green("+"), cell_text(row.cells[1]), cell_origin(style_, row.cells[1])});
            change.render(out, "    ");
        }
        out += "\n";
    }
    out_.write(out);
}

void TextPrinter::found_cards(const FoundCardsResult& result) {
    if (result.found.cards.empty()) {
        out_.line(fmt::format("no card has {}", fmt::join(result.queries, " and ")));
        return;
    }
    Table table;
    for (const fairseq2::FoundCard& card : result.found.cards) {
        std::vector<std::string> cells{style_.green(escape_controls(card.name))};
        for (const fairseq2::EffectiveField& field : card.fields)
            cells.push_back(value_to_text(*field.value));
        const fairseq2::EffectiveField& first = card.fields.front();
        cells.push_back(style_.dim(escape_controls(first.card->display_name()) + "  " +
                                   escape_controls(first.location().to_string())));
        table.add(std::move(cells));
    }
    std::string out;
    table.render(out, "");
    out_.write(out);
}

void TextPrinter::new_card(const NewCard& card) {
    std::string out = fmt::format("wrote {}\n\n", escape_controls(card.path));
    render_asset(card.asset, out);
    out_.write(out);
}

void TextPrinter::family_list(const std::vector<FamilyEntry>& families) {
    Table table;
    table.add({style_.dim("KIND"), style_.dim("NAME"), style_.dim("ORIGIN"), style_.dim("CONFIG"),
               style_.dim("ARCHS")});
    for (const FamilyEntry& entry : families)
        table.add({fairseq2::to_string(entry.family->kind), style_.bold(entry.family->name),
                   entry.family->origin, config_type_name(*entry.family),
                   std::to_string(entry.archs.size())});
    std::string out;
    table.render(out, "");
    out_.write(out);
}

void TextPrinter::family_details(const std::vector<FamilyEntry>& families) {
    std::string out;
    for (const FamilyEntry& entry : families) {
        const fairseq2::Family& family = *entry.family;
        out += fmt::format("{} {}  {}\n", fairseq2::to_string(family.kind), style_.green(family.name),
                           style_.dim("registered by " + family.origin));
        Table about;
        if (!family.class_name.empty())
            about.add({style_.dim("class"), family.class_name});
        about.add({style_.dim("config"), config_type_name(family)});
        for (const auto& [option, value] : family.options)
            about.add({style_.dim(option), value});
        about.render(out);
        if (family.config) {
            out += "\n";
            Table fields;
            add_field_rows(*family.config, style_, fields, "");
            fields.render(out);
            std::vector<std::string> arch_names;
            for (const auto& arch : entry.archs)
                arch_names.push_back(arch->name);
            out += fmt::format("\n  {} {}\n", style_.dim("archs"),
                               arch_names.empty() ? style_.dim("none")
                                                  : fmt::format("{}", fmt::join(arch_names, ", ")));
        }
        out += "\n";
    }
    out_.write(out);
}

void TextPrinter::extension_list(const ExtensionListing& listing) {
    if (!listing.enabled) {
        out_.line("extensions are off (--no-extensions)");
        return;
    }
    if (listing.extensions.empty())
        out_.line("no extensions found (`fairseq2ctl info` shows the directories searched)");
    std::string out;
    for (const ExtensionEntry& entry : listing.extensions) {
        const fairseq2::ExtensionRecord& record = *entry.record;
        out += fmt::format("{}  {}  {}\n", style_.bold(record.name), status_text(style_, record.status),
                           style_.dim(record.entry_point));
        Table details;
        details.add(
            {style_.dim("manifest"), fmt::format("{}:{}", record.manifest.string(), record.manifest_line)});
        if (!record.library.empty())
            details.add({style_.dim("library"), record.library.string()});
        if (record.status == ExtensionStatus::loaded)
            details.add({style_.dim("registered"), registered_text(entry.inventory)});
        if (record.error)
            details.add(
                {style_.dim(is_failure(record.status) ? "error" : "note"),
                 fmt::format("{} [{}]", record.error->message, fairseq2::to_string(record.error->code))});
        details.render(out, "    ");
    }
    out_.write(out);
}

void TextPrinter::extension_check(const ExtensionCheck& check) {
    for (const fairseq2::ExtensionRecord* record : check.extensions) {
        if (is_failure(record->status))
            out_.line(fmt::format("{} {}: {} [{}]", style_.red("FAIL"), record->name, record->error->message,
                                  fairseq2::to_string(record->error->code)));
        else
            out_.line(fmt::format("{} {}{}", status_text(style_, record->status), record->name,
                                  record->status == ExtensionStatus::shadowed ? ": " + record->error->message
                                                                              : ""));
    }
    out_.line(fmt::format("{} extensions checked, {} failed", check.extensions.size(), check.failed));
}

void TextPrinter::runtime_info(const RuntimeInfo& info) {
    std::string out = fmt::format("{} {} (fairseq2 runtime {})\n\n", style_.bold("fairseq2ctl"),
                                  PROJECT_VERSION_STRING, fairseq2::runtime_version);

    out += style_.bold("Card sources") + style_.dim(" (read in this order; a name may appear in one only)") +
           "\n";
    Table sources;
    for (const fairseq2::LoadedSource& source : info.store->sources()) {
        std::string state = style_.dim("missing");
        if (!source.missing)
            state = source.reads_files() ? fmt::format("{} in {}", counted(source.cards.size(), "card"),
                                                       counted(source.file_count, "file"))
                                         : counted(source.cards.size(), "card");
        sources.add({source.location(), style_.cyan(words_for(*source.source)),
                     style_.dim(source.source->origin), state});
    }
    sources.render(out);
    out += "\n";

    out += style_.bold("Extension directories") + style_.dim(" (searched in this order)") + "\n";
    if (!info.extensions_enabled)
        out += "  " + style_.dim("none: --no-extensions") + "\n";
    Table directories;
    for (const auto& entry : info.extension_directories)
        directories.add({entry.directory.path.string(), style_.cyan(words_for(entry.directory.role)),
                         entry.exists ? "" : style_.dim("missing")});
    directories.render(out);
    out += "\n";

    out += style_.bold("Cache directories") + style_.dim(" (where fairseq2 downloads assets)") + "\n";
    Table caches;
    for (const auto& [what, directory] :
         {std::pair{"fairseq2", &info.fairseq2_cache}, std::pair{"huggingface", &info.huggingface_cache}})
        caches.add({directory->path.string(), style_.cyan(what),
                    style_.dim(directory->variable.empty() ? "default" : directory->variable)});
    caches.render(out);
    out += "\n";

    const fairseq2::AssetEnvironment& environment = info.environment;
    out += style_.bold("Environment") + "\n";
    Table env;
    env.add({"detected", environment.name ? style_.green(*environment.name) : style_.dim("none")});
    if (!detected_by(environment).empty())
        env.add({"detected by", detected_by(environment)});
    env.add({"overlays tried", fmt::format("{}", fmt::join(environment.default_lookup(), ", "))});
    env.add({"resolvers", info.resolver_origins.empty()
                              ? style_.dim("none registered")
                              : fmt::format("{}", fmt::join(info.resolver_origins, ", "))});
    std::string overlays;
    for (const auto& [name, count] : info.store->overlay_environments())
        overlays += fmt::format("{}{} ({})", overlays.empty() ? "" : ", ", name, counted(count, "overlay"));
    env.add({"with overlays", overlays.empty() ? style_.dim("none") : overlays});
    env.render(out);
    out += "\n";

    out += style_.bold("Variables") + "\n";
    Table variables;
    for (const auto& [name, value] : info.variables)
        variables.add({name, value ? *value : style_.dim("(unset)")});
    variables.render(out);
    out_.write(out);
}

void TextPrinter::validation(const fairseq2::ValidationReport& report) {
    for (const fairseq2::Diagnostic& d : report.diagnostics)
        out_.line(format_diagnostic(d, style_));
    std::size_t errors = report.count(fairseq2::Severity::error);
    std::size_t warnings = report.count(fairseq2::Severity::warning);
    std::string summary =
        fmt::format("{}, {}: {}, {}", counted(report.files.size(), "file"), counted(report.cards, "card"),
                    counted(errors, "error"), counted(warnings, "warning"));
    out_.line(errors ? style_.red(summary) : warnings ? style_.yellow(summary) : style_.green(summary));
}

} // namespace fairseq2ctl

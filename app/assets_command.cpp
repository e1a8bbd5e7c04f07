// `fairseq2ctl assets list|show|resolve`: the asset store as fairseq2 sees it.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "asset_json.hpp"
#include "commands.hpp"
#include "fairseq2/assets/listing.hpp"
#include "fairseq2/assets/name.hpp"
#include "fairseq2/support/text.hpp"
#include "fairseq2/families/card_details.hpp"
#include "fairseq2/support/parallel.hpp"
#include "fairseq2/validation/hints.hpp"

namespace fairseq2ctl {

using fairseq2::AssetCard;
using fairseq2::AssetStore;
using fairseq2::ResolvedCard;

namespace {

bool is_dunder(const std::string& key) {
    return key.size() > 4 && key.rfind("__", 0) == 0 && key.compare(key.size() - 2, 2, "__") == 0;
}

// ---- assets list ------------------------------------------------------------

void list_assets(Context& context, const std::string& kind, Format format) {
    fairseq2::AssetListing listing = fairseq2::list_assets(context.store(), kind);
    for (const auto& warning : listing.warnings)
        context.report(warning);

    Output& out = context.out();
    if (format == Format::json) {
        Json sources = Json::array();
        for (const auto& group : listing.groups) {
            Json entries = Json::array();
            for (const auto& entry : group.entries)
                entries.push_back({{"kind", entry.kind}, {"name", entry.name}});
            sources.push_back({{"source", group.source}, {"assets", std::move(entries)}});
        }
        out.json({{"sources", std::move(sources)}});
        return;
    }

    // fairseq2's layout: the source, its entries, a blank line; `n/a` when
    // there is nothing to list.
    const Style& style = context.style();
    if (listing.groups.empty()) {
        out.line("  n/a");
        out.line();
    }
    for (const auto& group : listing.groups) {
        out.line("  " + style.blue(escape_controls(group.source)));
        for (const auto& entry : group.entries)
            out.line("   - " + escape_controls(entry.to_string()));
        out.line();
    }
}

// ---- assets show ------------------------------------------------------------

void print_card_fields(Context& context, const AssetCard& card, std::string_view indent) {
    fairseq2ctl::Table table;
    for (const auto& field : card.metadata.as_map())
        if (!is_dunder(field.key))
            table.add({context.style().bold(escape_controls(field.key)), value_to_text(field.value),
                       context.style().dim(fmt::format("line {}", field.key_mark.line))});
    table.print(context.out(), indent);
}

// The name checked as the user typed it, and a warning for an environment
// that no card has overlays for.
void check_request(Context& context, const std::string& name) {
    fairseq2::check_asset_request(name);
    auto at = name.find('@');
    if (at != std::string::npos)
        if (auto warning = context.store().check_environment(fairseq2::trim(std::string_view{name}.substr(at + 1))))
            context.report(*warning);
}

void show_asset(Context& context, const std::string& name, Format format) {
    check_request(context, name);
    ResolvedCard card = context.store().retrieve_card(name);
    Output& out = context.out();
    if (format == Format::json) {
        out.line(chain_document_json(card));
        return;
    }

    const Style& style = context.style();
    for (const auto& level : card.chain()) {
        out.line(fmt::format("{}  {}  {}", style.green(escape_controls(level.card->display_name())),
                             style.dim(level.card->source),
                             style.dim(level.card->location.to_string())));
        print_card_fields(context, *level.card, "  ");
        if (level.overlay) {
            out.line(fmt::format("  {} {}  {}", style.yellow("overlay"),
                                 style.green(escape_controls(level.overlay->name)),
                                 style.dim(level.overlay->location.to_string())));
            print_card_fields(context, *level.overlay, "    ");
        }
        out.line();
    }
}

// ---- assets resolve ---------------------------------------------------------

// What `resolve` adds to a card: the locations fairseq2 opens and, with
// --config, the effective configs of the families it names (`config` for the
// model, `tokenizer_config` and `dataset_config` beside it).
struct Shown {
    fairseq2::CardDetails details;
    std::vector<NamedValue> values;
    std::vector<std::string> descriptions;
};

Shown shown_details(const AssetStore& store, const fairseq2::FamilyRegistry* families, const ResolvedCard& card) {
    Shown shown{fairseq2::card_details(store, families, card), {}, {}};
    for (const fairseq2::EffectiveConfig& effective : shown.details.configs) {
        std::string key = effective.kind == fairseq2::FamilyKind::model
            ? "config"
            : std::string{fairseq2::to_string(effective.kind)} + "_config";
        if (const fairseq2::Diagnostic* error = effective.error()) {
            // A config that cannot be built is shown as its error, never as
            // a config that looks normal.
            fairseq2::Value::Map object;
            object.push_back({"code", {}, fairseq2::Value{std::string{fairseq2::to_string(error->code)}}});
            object.push_back({"message", {}, fairseq2::Value{error->message}});
            fairseq2::Value::Map wrapper;
            wrapper.push_back({"error", {}, fairseq2::Value{std::move(object)}});
            shown.values.push_back({key, fairseq2::Value{std::move(wrapper)}});
            shown.descriptions.push_back(fmt::format("{} {}: cannot be built ({})",
                                                     fairseq2::to_string(effective.kind), effective.family_name,
                                                     fairseq2::to_string(error->code)));
            continue;
        }
        if (!effective.family)
            continue;
        shown.values.push_back({key, effective.config});
        std::string via;
        if (effective.references.size() > 1)
            via = fmt::format(", via tokenizer_ref {}", fmt::join(effective.references, " -> "));
        shown.descriptions.push_back(fmt::format(
            "{} {}{}{}{}", fairseq2::to_string(effective.kind), effective.family_name,
            effective.arch ? ", arch " + *effective.arch : "",
            effective.overrides_key ? ", " + *effective.overrides_key : "", via));
    }
    return shown;
}

void print_configs(Context& context, const Shown& configs) {
    const Style& style = context.style();
    for (std::size_t i = 0; i < configs.values.size(); ++i) {
        context.out().line();
        context.out().line(fmt::format("  {}  {}", style.bold(configs.values[i].key),
                                       style.dim(configs.descriptions[i])));
        const fairseq2::Value& config = configs.values[i].value;
        if (!config.is_map()) {
            context.out().line("    " + style.dim("no config"));
            continue;
        }
        Table table;
        for (const auto& field : config.as_map())
            table.add({field.key, value_to_text(field.value)});
        table.print(context.out(), "    ");
    }
}

void print_resolved(Context& context, const ResolvedCard& card, const fairseq2::CardDetails& details) {
    const Style& style = context.style();
    Output& out = context.out();
    out.line(style.green(escape_controls(card.name())));

    std::string envs;
    for (const auto& env : card.environments())
        envs += (envs.empty() ? "" : ", ") + escape_controls(env);
    std::string chain;
    for (const auto& level : card.chain()) {
        chain += (chain.empty() ? "" : " -> ") + escape_controls(level.card->base_name());
        if (level.overlay)
            chain += style.yellow(" +" + escape_controls(level.overlay->name));
    }
    Table summary;
    summary.add({style.bold("environments"), envs.empty() ? style.dim("none") : envs});
    summary.add({style.bold("overlay"),
                 card.overlay() ? style.yellow(escape_controls(card.overlay()->name)) : style.dim("none")});
    summary.add({style.bold("chain"), chain});
    summary.print(out);
    out.line();

    Table fields;
    for (const auto& field : card.fields())
        fields.add({style.bold(escape_controls(*field.key)), value_to_text(*field.value),
                    style.dim(escape_controls(field.card->display_name())),
                    style.dim(escape_controls(field.location.to_string()))});
    fields.print(out, "  ");

    if (details.locations.empty())
        return;
    out.line();
    Table locations;
    for (const auto& location : details.locations)
        locations.add({style.bold(location.field),
                       location.location ? escape_controls(location.location->uri) : style.red("cannot be opened"),
                       location.card == card.name() ? "" : style.dim("from " + escape_controls(location.card))});
    out.line("  " + style.bold("locations"));
    locations.print(out, "    ");
}

void report_problems(Context& context, const fairseq2::CardDetails& details) {
    for (const auto& problem : details.problems)
        context.report(problem);
    if (fairseq2::has_errors(details.problems))
        context.fail();
}

void resolve_one(Context& context, const std::string& name, Format format, bool with_config) {
    check_request(context, name);
    const AssetStore& store = context.store();
    fairseq2::AssetRequest request = store.parse_request(name);
    try {
        ResolvedCard card = store.retrieve_card(request);
        std::optional<fairseq2::FamilyRegistry> families;
        if (with_config)
            families.emplace(context.runtime());
        Shown shown = shown_details(store, families ? &*families : nullptr, card);
        if (format == Format::json) {
            context.out().line(resolved_document_json(card, shown.details.locations, shown.values));
        } else {
            print_resolved(context, card, shown.details);
            print_configs(context, shown);
        }
        report_problems(context, shown.details);
    } catch (const fairseq2::Error& caught) {
        fairseq2::Diagnostic error =
            fairseq2::explain_resolution_error(caught, fairseq2::FamilyRegistry{context.runtime()}, store);
        context.fail(dynamic_cast<const fairseq2::AssetNotFoundError*>(&caught) ? exit_usage : exit_problems);
        if (format == Format::json) // the same shape as a success, so a script reads one format
            context.out().line(failed_document_json(request.environments, request.name, error));
        context.report(error);
    }
}

// One asset of `resolve --all`, rendered off the main thread.
struct RenderedAsset {
    std::string json;
    std::optional<fairseq2::Diagnostic> error;
    fairseq2::Diagnostics problems;
};

RenderedAsset render_asset(const AssetStore& store, std::string_view name,
                           const fairseq2::FamilyRegistry* families) {
    RenderedAsset rendered;
    try {
        ResolvedCard card = store.retrieve_card(name);
        Shown shown = shown_details(store, families, card);
        rendered.json = resolved_asset_json(card, shown.details.locations, shown.values);
        rendered.problems = std::move(shown.details.problems);
    } catch (const fairseq2::Error& error) {
        rendered.error = error.diagnostic();
        rendered.json = failed_asset_json(error.diagnostic());
    }
    return rendered;
}

void resolve_all_json(Context& context, bool with_config) {
    const AssetStore& store = context.store();
    std::optional<fairseq2::FamilyRegistry> families;
    if (with_config)
        families.emplace(context.runtime());
    Output& out = context.out();
    std::vector<std::string_view> names = store.asset_names();

    out.write(fmt::format("{{\"environments\": {}, \"assets\": {{",
                          Json(store.environment().default_lookup()).dump()));
    // Render a batch in parallel, then write it in order; batches bound the
    // memory that rendered output takes.
    constexpr std::size_t batch_size = 4096;
    std::vector<RenderedAsset> batch;
    for (std::size_t start = 0; start < names.size(); start += batch_size) {
        batch.assign(std::min(batch_size, names.size() - start), {});
        fairseq2::parallel_for(batch.size(), [&](std::size_t i) {
            batch[i] = render_asset(store, names[start + i], families ? &*families : nullptr);
        }, 64);
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (batch[i].error) {
                context.fail();
                context.report(*batch[i].error);
            }
            for (const auto& problem : batch[i].problems)
                context.report(problem);
            if (fairseq2::has_errors(batch[i].problems))
                context.fail();
            out.write(fmt::format("{}  {}: ", start + i == 0 ? "\n" : ",\n", Json(names[start + i]).dump()));
            out.write(batch[i].json);
        }
    }
    out.line(names.empty() ? "}}" : "\n}}");
}

void resolve_all_text(Context& context, bool with_config) {
    const AssetStore& store = context.store();
    std::optional<fairseq2::FamilyRegistry> families;
    if (with_config)
        families.emplace(context.runtime());
    bool first = true;
    for (std::string_view name : store.asset_names()) {
        if (!first)
            context.out().line();
        first = false;
        try {
            ResolvedCard card = store.retrieve_card(name);
            Shown shown = shown_details(store, families ? &*families : nullptr, card);
            print_resolved(context, card, shown.details);
            print_configs(context, shown);
            report_problems(context, shown.details);
        } catch (const fairseq2::Error& error) {
            context.fail();
            context.report(error.diagnostic());
        }
    }
}

} // namespace

void add_assets_commands(CLI::App& root, Context& context, std::vector<Command>& commands) {
    CLI::App* assets = root.add_subcommand("assets", "List, show and resolve asset cards");
    assets->require_subcommand(1);

    // One set of option values for the group: only one subcommand runs.
    struct Options {
        std::string kind = "all";
        std::string name;
        bool all = false;
        bool config = false;
        Format format = Format::text;
    };
    auto options = std::make_shared<Options>();
    const char* name_help = "NAME, NAME@ENV (only that environment) or NAME@ (none)";

    CLI::App* list = assets->add_subcommand(
        "list", "List the asset cards in effect, grouped by source, as kind:name");
    list->add_option("--kind", options->kind, "Only cards of this kind")
        ->check(CLI::IsMember({"all", "model", "dataset", "tokenizer"}))
        ->capture_default_str();
    add_format_option(*list, options->format);
    commands.push_back({list, [&context, options] {
                            list_assets(context, options->kind, options->format);
                        }});

    CLI::App* show = assets->add_subcommand(
        "show", "Show each card of an asset's base chain, leaf first, with its own fields");
    show->add_option("name", options->name, name_help)->required();
    add_format_option(*show, options->format);
    commands.push_back({show, [&context, options] {
                            show_asset(context, options->name, options->format);
                        }});

    CLI::App* resolve = assets->add_subcommand(
        "resolve", "Print an asset's effective fields and where each came from");
    auto* name_option = resolve->add_option("name", options->name, name_help);
    resolve->add_flag("--all", options->all, "Resolve every asset card")->excludes(name_option);
    resolve->add_flag("--config", options->config,
                      "Add the effective config of each family the card names");
    add_format_option(*resolve, options->format);
    resolve->callback([options] {
        if (!options->all && options->name.empty())
            throw CLI::RequiredError("NAME or --all");
    });
    commands.push_back({resolve, [&context, options] {
                            if (!options->all)
                                resolve_one(context, options->name, options->format, options->config);
                            else if (options->format == Format::json)
                                resolve_all_json(context, options->config);
                            else
                                resolve_all_text(context, options->config);
                        }});
}

} // namespace fairseq2ctl

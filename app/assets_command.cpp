// `fairseq2ctl assets list|show|resolve`: the asset store as fairseq2 sees it.
#include <algorithm>

#include <fmt/format.h>

#include "commands.hpp"
#include "fairseq2/assets/listing.hpp"
#include "fairseq2/families/card_details.hpp"
#include "fairseq2/support/parallel.hpp"
#include "fairseq2/support/text.hpp"
#include "fairseq2/validation/hints.hpp"

namespace fairseq2ctl {

using fairseq2::AssetStore;
using fairseq2::ResolvedCard;

namespace {

// The name checked as the user typed it, and a warning for an environment
// that no card has overlays for.
void check_request(Context& context, const std::string& name) {
    fairseq2::check_asset_request(name);
    auto at = name.find('@');
    if (at != std::string::npos)
        if (auto warning = context.store().check_environment(fairseq2::trim(std::string_view{name}.substr(at + 1))))
            context.report(*warning);
}

// ---- assets resolve ---------------------------------------------------------

std::vector<ShownConfig> shown_configs(const fairseq2::CardDetails& details) {
    std::vector<ShownConfig> shown;
    for (const fairseq2::EffectiveConfig& effective : details.configs) {
        std::string key = effective.kind == fairseq2::FamilyKind::model
            ? "config"
            : std::string{fairseq2::to_string(effective.kind)} + "_config";
        if (const fairseq2::Diagnostic* error = effective.error()) {
            fairseq2::Value::Map object;
            object.push_back({"code", {}, fairseq2::Value{std::string{fairseq2::to_string(error->code)}}});
            object.push_back({"message", {}, fairseq2::Value{error->message}});
            fairseq2::Value::Map wrapper;
            wrapper.push_back({"error", {}, fairseq2::Value{std::move(object)}});
            shown.push_back({key, fairseq2::Value{std::move(wrapper)},
                             fmt::format("{} {}: cannot be built ({})", fairseq2::to_string(effective.kind),
                                         effective.family_name, fairseq2::to_string(error->code))});
            continue;
        }
        if (!effective.family)
            continue;
        std::string via;
        if (effective.references.size() > 1)
            via = fmt::format(", via tokenizer_ref {}", fmt::join(effective.references, " -> "));
        shown.push_back({key, effective.config,
                         fmt::format("{} {}{}{}{}", fairseq2::to_string(effective.kind), effective.family_name,
                                     effective.arch ? ", arch " + *effective.arch : "",
                                     effective.overrides_key ? ", " + *effective.overrides_key : "", via)});
    }
    return shown;
}

ResolvedAsset resolved_asset(const AssetStore& store, const fairseq2::FamilyRegistry* families, ResolvedCard card) {
    fairseq2::CardDetails details = fairseq2::card_details(store, families, card);
    std::vector<ShownConfig> configs = shown_configs(details);
    return {std::move(card), std::move(details), std::move(configs)};
}

// Problems of a card that resolved (a location fairseq2 cannot open, a
// config it cannot build) go to stderr; an error among them fails the
// command.
void report_problems(Context& context, const fairseq2::Diagnostics& problems) {
    for (const auto& problem : problems)
        context.report(problem);
    if (fairseq2::has_errors(problems))
        context.fail();
}

void resolve_one(Context& context, const std::string& name, bool with_config) {
    check_request(context, name);
    const AssetStore& store = context.store();
    fairseq2::AssetRequest request = store.parse_request(name);
    try {
        ResolvedCard card = store.retrieve_card(request);
        std::optional<fairseq2::FamilyRegistry> families;
        if (with_config)
            families.emplace(context.runtime());
        ResolvedAsset asset = resolved_asset(store, families ? &*families : nullptr, std::move(card));
        context.printer().resolved_asset(asset);
        report_problems(context, asset.details.problems);
    } catch (const fairseq2::Error& caught) {
        fairseq2::FamilyRegistry families{context.runtime()};
        fairseq2::Diagnostic error = fairseq2::ResolutionHints{families, store}.explain(caught);
        context.fail(dynamic_cast<const fairseq2::AssetNotFoundError*>(&caught) ? exit_usage : exit_problems);
        context.printer().failed_asset({std::move(request), error});
        context.report(error);
    }
}

// One asset of `resolve --all`, rendered off the main thread.
struct RenderedAsset {
    std::string text;
    std::optional<fairseq2::Diagnostic> error;
    fairseq2::Diagnostics problems;
};

RenderedAsset render_asset(const Printer& printer, const AssetStore& store, std::string_view name,
                           const fairseq2::FamilyRegistry* families) {
    RenderedAsset rendered;
    try {
        ResolvedAsset asset = resolved_asset(store, families, store.retrieve_card(name));
        rendered.text = printer.render_asset(asset);
        rendered.problems = std::move(asset.details.problems);
    } catch (const fairseq2::Error& error) {
        rendered.error = error.diagnostic();
        rendered.text = printer.render_failed_asset(error.diagnostic());
    }
    return rendered;
}

void resolve_all(Context& context, bool with_config) {
    const AssetStore& store = context.store();
    std::optional<fairseq2::FamilyRegistry> families;
    if (with_config)
        families.emplace(context.runtime());
    Printer& printer = context.printer();
    std::vector<std::string_view> names = store.asset_names();

    printer.begin_assets(store.environment().default_lookup());
    // Render a batch in parallel, then write it in order; batches bound the
    // memory that rendered output takes.
    constexpr std::size_t batch_size = 4096;
    std::vector<RenderedAsset> batch;
    for (std::size_t start = 0; start < names.size(); start += batch_size) {
        batch.assign(std::min(batch_size, names.size() - start), {});
        fairseq2::parallel_for(
            batch.size(),
            [&](std::size_t i) {
                batch[i] = render_asset(printer, store, names[start + i], families ? &*families : nullptr);
            },
            64);
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (batch[i].error) {
                context.fail();
                context.report(*batch[i].error);
            }
            report_problems(context, batch[i].problems);
            printer.write_asset(names[start + i], batch[i].text);
        }
    }
    printer.end_assets();
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
    };
    auto options = std::make_shared<Options>();
    const char* name_help = "NAME, NAME@ENV (only that environment) or NAME@ (none)";

    CLI::App* list = assets->add_subcommand(
        "list", "List the asset cards in effect, grouped by source, as kind:name");
    list->add_option("--kind", options->kind, "Only cards of this kind")
        ->check(CLI::IsMember({"all", "model", "dataset", "tokenizer"}))
        ->capture_default_str();
    add_format_option(*list, context);
    commands.push_back({list, [&context, options] {
                            // fairseq2's listing: a card it cannot load is a
                            // warning and skipped.
                            fairseq2::AssetListing listing = fairseq2::list_assets(context.store(), options->kind);
                            for (const auto& warning : listing.warnings)
                                context.report(warning);
                            context.printer().asset_listing(listing);
                        }});

    CLI::App* show = assets->add_subcommand(
        "show", "Show each card of an asset's base chain, leaf first, with its own fields");
    show->add_option("name", options->name, name_help)->required();
    add_format_option(*show, context);
    commands.push_back({show, [&context, options] {
                            check_request(context, options->name);
                            context.printer().card_chain(context.store().retrieve_card(options->name));
                        }});

    CLI::App* resolve = assets->add_subcommand(
        "resolve", "Print an asset's effective fields and where each came from");
    auto* name_option = resolve->add_option("name", options->name, name_help);
    resolve->add_flag("--all", options->all, "Resolve every asset card")->excludes(name_option);
    resolve->add_flag("--config", options->config,
                      "Add the effective config of each family the card names");
    add_format_option(*resolve, context);
    resolve->callback([options] {
        if (!options->all && options->name.empty())
            throw CLI::RequiredError("NAME or --all");
    });
    commands.push_back({resolve, [&context, options] {
                            if (options->all)
                                resolve_all(context, options->config);
                            else
                                resolve_one(context, options->name, options->config);
                        }});
}

} // namespace fairseq2ctl

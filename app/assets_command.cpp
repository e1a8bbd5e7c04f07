// `fairseq2ctl assets list|show|resolve`: the asset store as fairseq2 sees it.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "commands.hpp"
#include "fairseq2/assets/directories.hpp"
#include "fairseq2/assets/listing.hpp"
#include "fairseq2/assets/name.hpp"
#include "fairseq2/families/card_details.hpp"
#include "fairseq2/support/parallel.hpp"
#include "fairseq2/support/text.hpp"
#include "fairseq2/validation/hints.hpp"
#include "fairseq2/validation/validate.hpp"
#include "fairseq2/yaml/reader.hpp"

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
        std::string key = fairseq2::config_key(effective.kind);
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
    context.one_card = true;
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

// One asset of `resolve --all`, rendered off the main thread: its text is
// the end of its block's, up to `end`.
struct RenderedAsset {
    std::size_t end = 0;
    std::optional<fairseq2::Diagnostic> error;
    fairseq2::Diagnostics problems;
};

// A block of assets rendered into one text, which the next block rendered
// in its place reuses: rendering allocates no text per asset.
struct RenderedBlock {
    std::string text;
    std::vector<RenderedAsset> assets;
};

void render_asset(const Printer& printer, const AssetStore& store, std::string_view name,
                  const fairseq2::FamilyRegistry* families, RenderedBlock& block) {
    RenderedAsset& rendered = block.assets.emplace_back();
    try {
        ResolvedAsset asset = resolved_asset(store, families, store.retrieve_card(name));
        printer.render_asset(asset, block.text);
        rendered.problems = std::move(asset.details.problems);
    } catch (const fairseq2::Error& error) {
        rendered.error = error.diagnostic();
        printer.render_failed_asset(error.diagnostic(), block.text);
    }
    rendered.end = block.text.size();
}

void resolve_all(Context& context, bool with_config) {
    const AssetStore& store = context.store();
    std::optional<fairseq2::FamilyRegistry> families;
    if (with_config)
        families.emplace(context.runtime());
    Printer& printer = context.printer();
    const std::vector<std::string_view>& names = store.asset_names();

    printer.begin_assets(store.environment().default_lookup());
    // The pool renders blocks of assets while this thread writes the ones
    // before them, in order; the window bounds the rendered output held.
    constexpr std::size_t block_size = 64;
    constexpr std::size_t window = 16;
    std::vector<RenderedBlock> rendered(window);
    std::size_t blocks = (names.size() + block_size - 1) / block_size;
    auto first_of = [&](std::size_t block) { return block * block_size; };
    auto end_of = [&](std::size_t block) { return std::min(names.size(), first_of(block) + block_size); };
    fairseq2::parallel_for_in_order(
        blocks,
        [&](std::size_t block) {
            RenderedBlock& slot = rendered[block % window];
            slot.text.clear();
            slot.assets.clear();
            for (std::size_t i = first_of(block); i < end_of(block); ++i)
                render_asset(printer, store, names[i], families ? &*families : nullptr, slot);
        },
        [&](std::size_t block) {
            const RenderedBlock& slot = rendered[block % window];
            std::size_t begin = 0;
            for (std::size_t i = first_of(block); i < end_of(block); ++i) {
                const RenderedAsset& asset = slot.assets[i - first_of(block)];
                if (asset.error) {
                    context.fail();
                    context.report(*asset.error);
                }
                report_problems(context, asset.problems);
                printer.write_asset(names[i], std::string_view{slot.text}.substr(begin, asset.end - begin));
                begin = asset.end;
            }
        },
        window);
    printer.end_assets();
}

// ---- resolve --all-envs, diff ----------------------------------------------

EnvironmentTable environment_table(const AssetStore& store, const fairseq2::FamilyRegistry* families,
                                   const std::string& name,
                                   const std::vector<std::optional<std::string>>& environments) {
    EnvironmentTable table{name, {}, {}};
    for (const auto& environment : environments)
        table.columns.push_back(fairseq2::resolve_in_environment(store, families, name, environment));
    table.rows = fairseq2::compare_environments(table.columns);
    return table;
}

void resolve_all_environments(Context& context, const std::string& name, bool with_config) {
    fairseq2::check_asset_request(name);
    if (name.find('@') != std::string::npos)
        throw fairseq2::Error{{.code = fairseq2::DiagnosticCode::invalid_argument,
                               .message = fmt::format("'{}' names an environment, but --all-envs shows the card "
                                                      "in every environment: ask for the card's name alone.",
                                                      name)}};
    const AssetStore& store = context.store();
    std::optional<fairseq2::FamilyRegistry> families;
    if (with_config)
        families.emplace(context.runtime());
    std::string card{fairseq2::trim(name)};
    if (!store.find_plain_card(card))
        store.retrieve_card(card); // not found: fairseq2's error, with a suggestion
    EnvironmentTable table =
        environment_table(store, families ? &*families : nullptr, card, fairseq2::environments_of_card(store, card));
    context.printer().environment_table(table);
}

// `--env ''` is no environment.
std::optional<std::string> environment_option(const std::string& text) {
    std::string env{fairseq2::trim(text)};
    if (env.find('@') != std::string::npos)
        throw fairseq2::Error{{.code = fairseq2::DiagnosticCode::invalid_argument,
                               .message = fmt::format("--env takes an environment name, but '{}' holds `@`.", text)}};
    if (env.empty())
        return std::nullopt;
    return env;
}

void diff_environments(Context& context, const std::string& name, const std::vector<std::string>& environments) {
    const AssetStore& store = context.store();
    fairseq2::FamilyRegistry families{context.runtime()};
    EnvironmentDiff diff;
    diff.after = environment_option(environments.at(0));
    diff.before = environments.size() > 1 ? environment_option(environments[1]) : std::nullopt;
    for (const auto& environment : {diff.after, diff.before})
        if (environment)
            if (auto warning = store.check_environment(*environment))
                context.report(*warning);
    std::vector<std::string> names;
    if (!name.empty()) {
        fairseq2::check_asset_request(name);
        names.emplace_back(fairseq2::trim(name));
        if (!store.find_plain_card(names[0]))
            store.retrieve_card(names[0]); // not found: fairseq2's error, with a suggestion
    } else {
        names.assign(store.asset_names().begin(), store.asset_names().end());
    }
    for (const std::string& card : names) {
        EnvironmentTable table = environment_table(store, &families, card, {diff.before, diff.after});
        std::erase_if(table.rows, [](const fairseq2::ComparedRow& row) { return !row.differs; });
        bool failed = std::any_of(table.columns.begin(), table.columns.end(),
                                  [](const fairseq2::CardInEnvironment& c) { return c.error.has_value(); });
        if (!table.rows.empty() || failed)
            diff.cards.push_back(std::move(table));
    }
    context.printer().environment_diff(diff);
    if (!diff.cards.empty())
        context.fail(); // for scripts: 0 when nothing differs
}

// ---- find, new ----------------------------------------------------------------

void find(Context& context, const std::vector<std::string>& queries) {
    std::vector<fairseq2::CardQuery> parsed;
    for (const std::string& query : queries)
        parsed.push_back(fairseq2::parse_card_query(query));
    fairseq2::FamilyRegistry families{context.runtime()};
    fairseq2::ResolutionHints hints{families, context.store()};
    FoundCardsResult result{queries,
                            fairseq2::find_cards(context.store(), parsed,
                                                 [&](const fairseq2::Error& error) { return hints.explain(error); })};
    report_problems(context, result.found.problems);
    context.printer().found_cards(result);
}

// `FIELD=VALUE` of `assets new --set`: the field, and the value as written
// (YAML types it where it is written), checked to be one YAML value.
std::pair<std::string, std::string> field_setting(const std::string& setting) {
    auto equals = setting.find('=');
    std::string field{fairseq2::trim(std::string_view{setting}.substr(0, equals == std::string::npos ? 0 : equals))};
    if (equals == std::string::npos || field.empty() || field == "name" ||
        setting.find('\n') != std::string::npos)
        throw fairseq2::Error{{.code = fairseq2::DiagnosticCode::invalid_argument,
                               .message = fmt::format("'{}' is not a field to set: write --set FIELD=VALUE on one "
                                                      "line (the value as YAML types it), and not `name`.",
                                                      setting)}};
    std::string value = setting.substr(equals + 1);
    fairseq2::read_yaml_value(value);
    return {std::move(field), std::move(value)};
}

void new_overlay(Context& context, const std::string& name, const std::vector<std::string>& settings,
                 const std::string& directory_option) {
    fairseq2::check_asset_request(name);
    auto canonical = fairseq2::canonicalize_asset_name(name);
    if (!canonical || canonical->back() == '@')
        throw fairseq2::Error{{.code = fairseq2::DiagnosticCode::invalid_argument,
                               .message = fmt::format("'{}' is not an overlay: write NAME@ENV (`NAME@user` for the "
                                                      "user's own, which fairseq2 applies first).",
                                                      name)}};
    std::string text = fmt::format("name: {}\n", *canonical);
    for (const std::string& setting : settings) {
        auto [field, value] = field_setting(setting);
        text += fmt::format("{}: {}\n", field, value);
    }
    std::filesystem::path directory = directory_option.empty()
                                          ? fairseq2::user_asset_directory().intended().path
                                          : std::filesystem::path{directory_option};
    std::filesystem::path path = directory / (*canonical + ".yaml");

    std::error_code exists_error;
    if (std::filesystem::exists(path, exists_error))
        throw fairseq2::Error{{.code = fairseq2::DiagnosticCode::file_unreadable,
                               .message = fmt::format("{} exists already; fairseq2ctl does not overwrite a card "
                                                      "file. Edit it, or remove it first.",
                                                      path.string()),
                               .location = {path.string()}}};
    // Validated where it will be, with every other source, before a byte is
    // written: a card of that name elsewhere is a duplicate-name there.
    context.validated_texts.push_back({path.string(), text, directory});
    const AssetStore& store = context.store(/*report_load_problems=*/false);
    fairseq2::ValidationReport report = fairseq2::validate_cards(context.runtime(), store);
    for (const fairseq2::Diagnostic& d : report.diagnostics)
        context.report(d);
    if (report.count(fairseq2::Severity::error)) {
        context.fail();
        return; // nothing written
    }

    std::error_code error;
    std::filesystem::create_directories(directory, error);
    std::ofstream file{path, std::ios::binary};
    file << text;
    file.close();
    if (!file)
        throw fairseq2::Error{{.code = fairseq2::DiagnosticCode::file_unreadable,
                               .message = fmt::format("{} cannot be written: {}.", path.string(),
                                                      error ? error.message() : std::strerror(errno)),
                               .location = {path.string()}}};
    context.printer().new_card(
        {path.string(), text, resolved_asset(store, nullptr, store.retrieve_card(*canonical))});
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
        bool all_envs = false;
        bool config = false;
        std::vector<std::string> environments;
        std::vector<std::string> queries;
        std::vector<std::string> settings;
        std::string directory;
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
                            context.one_card = true;
                            check_request(context, options->name);
                            context.printer().card_chain(context.store().retrieve_card(options->name));
                        }});

    CLI::App* resolve = assets->add_subcommand(
        "resolve", "Print an asset's effective fields and where each came from");
    auto* name_option = resolve->add_option("name", options->name, name_help);
    auto* all = resolve->add_flag("--all", options->all, "Resolve every asset card")->excludes(name_option);
    resolve->add_flag("--all-envs", options->all_envs,
                      "Show the card in every environment at once: a column each, differing cells marked")
        ->excludes(all);
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
                            else if (options->all_envs)
                                resolve_all_environments(context, options->name, options->config);
                            else
                                resolve_one(context, options->name, options->config);
                        }});

    CLI::App* diff = assets->add_subcommand(
        "diff", "What an environment's overlays change: each field and config value that differs; exit 1 if any");
    diff->add_option("name", options->name, "The card (without @); every card when left out");
    diff->add_option("--env", options->environments,
                     "The environment whose overlays to show ('' for none); a second --env is what it is "
                     "compared with (default: none)")
        ->required()
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->type_name("ENV");
    add_format_option(*diff, context);
    diff->callback([options] {
        if (options->environments.size() > 2)
            throw CLI::ValidationError("--env", "give one or two environments");
    });
    commands.push_back({diff, [&context, options] {
                            diff_environments(context, options->name, options->environments);
                        }});

    CLI::App* find_command = assets->add_subcommand(
        "find", "The cards whose effective fields match, as fairseq2's find_cards: FIELD=VALUE or FIELD~=GLOB");
    find_command->add_option("queries", options->queries, "FIELD=VALUE (typed as YAML) or FIELD~=GLOB; all must hold")
        ->required()
        ->type_name("QUERY");
    add_format_option(*find_command, context);
    commands.push_back({find_command, [&context, options] { find(context, options->queries); }});

    CLI::App* create = assets->add_subcommand(
        "new", "Write an overlay card (NAME@ENV) into the user card directory, validated first");
    create->add_option("name", options->name, "NAME@ENV: `llama3_8b@user` is used wherever you run")->required();
    create->add_option("--set", options->settings, "A field of the overlay, FIELD=VALUE (typed as YAML types it)")
        ->required()
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->type_name("FIELD=VALUE");
    create->add_option("--dir", options->directory,
                       "Write into this directory instead of the user card directory")
        ->type_name("DIR");
    add_format_option(*create, context);
    commands.push_back({create, [&context, options] {
                            new_overlay(context, options->name, options->settings, options->directory);
                        }});
}

} // namespace fairseq2ctl

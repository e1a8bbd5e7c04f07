// `fairseq2ctl families list|show`: the model, tokenizer and dataset families
// in effect, their config schemas and archs.
#include "commands.hpp"
#include "fairseq2/families/registry.hpp"

namespace fairseq2ctl {
namespace {

std::optional<fairseq2::FamilyKind> parse_kind(const std::string& kind) {
    if (kind == "all")
        return std::nullopt;
    return fairseq2::family_kind_from_string(kind);
}

std::vector<FamilyEntry> entries(const fairseq2::FamilyRegistry& registry,
                                 std::vector<std::shared_ptr<const fairseq2::Family>> families) {
    std::vector<FamilyEntry> out;
    for (auto& family : families) {
        auto archs = family->config ? registry.archs_of(family->config->name)
                                    : std::vector<std::shared_ptr<const fairseq2::ArchConfig>>{};
        out.push_back({std::move(family), std::move(archs)});
    }
    return out;
}

} // namespace

void add_families_commands(CLI::App& root, Context& context, std::vector<Command>& commands) {
    CLI::App* families = root.add_subcommand(
        "families", "List the model, tokenizer and dataset families and their config schemas");
    families->require_subcommand(1);

    struct Options {
        std::string kind = "all";
        std::string name;
    };
    auto options = std::make_shared<Options>();
    auto add_kind = [&](CLI::App* command) {
        command->add_option("--kind", options->kind, "Only families of this kind")
            ->check(CLI::IsMember({"all", "model", "tokenizer", "dataset"}))
            ->capture_default_str();
    };

    CLI::App* list = families->add_subcommand(
        "list", "Every family: kind, name, origin, config type, arch count");
    add_kind(list);
    add_format_option(*list, context);
    commands.push_back({list, [&context, options] {
                            fairseq2::FamilyRegistry registry{context.runtime()};
                            context.printer().family_list(
                                entries(registry, registry.families(parse_kind(options->kind))));
                        }});

    CLI::App* show = families->add_subcommand(
        "show", "A family's config fields with types and defaults, its archs and options");
    show->add_option("name", options->name, "The family's name")->required();
    add_kind(show);
    add_format_option(*show, context);
    commands.push_back({show, [&context, options] {
                            fairseq2::FamilyRegistry registry{context.runtime()};
                            context.printer().family_details(entries(
                                registry, registry.families_named(options->name, parse_kind(options->kind))));
                        }});
}

} // namespace fairseq2ctl

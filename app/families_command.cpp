// `fairseq2ctl families list|show`: the model, tokenizer and dataset families
// in effect, their config schemas and archs.
#include <fmt/format.h>

#include "commands.hpp"
#include "fairseq2/families/registry.hpp"

namespace fairseq2ctl {

using fairseq2::Family;
using fairseq2::FamilyKind;

namespace {

std::string config_type_name(const Family& family) {
    return family.config ? family.config->name : "-";
}

std::size_t arch_count(const fairseq2::FamilyRegistry& registry, const Family& family) {
    return family.config ? registry.archs_of(family.config->name).size() : 0;
}

std::optional<FamilyKind> parse_kind(const std::string& kind) {
    if (kind == "all")
        return std::nullopt;
    return fairseq2::family_kind_from_string(kind);
}

void list_families(Context& context, const std::string& kind, Format format) {
    fairseq2::FamilyRegistry registry{context.runtime()};
    auto families = registry.families(parse_kind(kind));
    if (format == Format::json) {
        Json list = Json::array();
        for (const auto& family : families)
            list.push_back({{"kind", fairseq2::to_string(family->kind)},
                            {"name", family->name},
                            {"origin", family->origin},
                            {"config_type", family->config ? Json(family->config->name) : Json(nullptr)},
                            {"archs", arch_count(registry, *family)}});
        context.out().json({{"families", std::move(list)}});
        return;
    }
    const Style& style = context.style();
    Table table;
    table.add({style.dim("KIND"), style.dim("NAME"), style.dim("ORIGIN"), style.dim("CONFIG"),
               style.dim("ARCHS")});
    for (const auto& family : families)
        table.add({fairseq2::to_string(family->kind), style.bold(family->name), family->origin,
                   config_type_name(*family), std::to_string(arch_count(registry, *family))});
    table.print(context.out(), "");
}

Json fields_json(const fairseq2::ConfigSchema& schema) {
    Json fields = Json::array();
    for (const auto& field : schema.fields) {
        Json entry{{"name", field.name}, {"type", field.type.to_string()}};
        entry["default"] = field.default_value ? value_to_json(*field.default_value) : Json(nullptr);
        entry["required"] = !field.default_value;
        const fairseq2::FieldType* inner = &field.type;
        if (inner->kind == fairseq2::FieldType::Kind::optional)
            inner = &inner->items[0];
        if (inner->kind == fairseq2::FieldType::Kind::config)
            entry["fields"] = fields_json(*inner->schema);
        fields.push_back(std::move(entry));
    }
    return fields;
}

void field_rows(const fairseq2::ConfigSchema& schema, const Style& style, Table& table,
                const std::string& prefix) {
    for (const auto& field : schema.fields) {
        const fairseq2::FieldType* inner = &field.type;
        if (inner->kind == fairseq2::FieldType::Kind::optional)
            inner = &inner->items[0];
        bool nested = inner->kind == fairseq2::FieldType::Kind::config &&
                      field.default_value && field.default_value->is_map();
        std::string shown = !field.default_value ? style.yellow("required")
            : nested                             ? style.dim("(below)")
                                                 : value_to_text(*field.default_value);
        table.add({style.bold(prefix + field.name), style.cyan(field.type.to_string()), shown});
        if (inner->kind == fairseq2::FieldType::Kind::config)
            field_rows(*inner->schema, style, table, prefix + field.name + ".");
    }
}

void show_family(Context& context, const std::string& name, const std::string& kind, Format format) {
    fairseq2::FamilyRegistry registry{context.runtime()};
    std::vector<std::shared_ptr<const Family>> matches = registry.families_named(name, parse_kind(kind));

    if (format == Format::json) {
        Json list = Json::array();
        for (const auto& family : matches) {
            Json archs = Json::array();
            if (family->config)
                for (const auto& arch : registry.archs_of(family->config->name))
                    archs.push_back({{"name", arch->name}, {"origin", arch->origin}});
            list.push_back({{"kind", fairseq2::to_string(family->kind)},
                            {"name", family->name},
                            {"origin", family->origin},
                            {"class", family->class_name.empty() ? Json(nullptr) : Json(family->class_name)},
                            {"config_type", family->config ? Json(family->config->name) : Json(nullptr)},
                            {"options", family->options},
                            {"fields", family->config ? fields_json(*family->config) : Json::array()},
                            {"archs", std::move(archs)}});
        }
        context.out().json({{"families", std::move(list)}});
        return;
    }

    const Style& style = context.style();
    Output& out = context.out();
    for (const auto& family : matches) {
        out.line(fmt::format("{} {}  {}", fairseq2::to_string(family->kind), style.green(family->name),
                             style.dim("registered by " + family->origin)));
        Table about;
        if (!family->class_name.empty())
            about.add({style.dim("class"), family->class_name});
        about.add({style.dim("config"), config_type_name(*family)});
        for (const auto& [option, value] : family->options)
            about.add({style.dim(option), value});
        about.print(out);
        if (family->config) {
            out.line();
            Table fields;
            field_rows(*family->config, style, fields, "");
            fields.print(out);
            auto archs = registry.archs_of(family->config->name);
            std::vector<std::string> arch_names;
            for (const auto& arch : archs)
                arch_names.push_back(arch->name);
            out.line();
            out.line(fmt::format("  {} {}", style.dim("archs"),
                                 arch_names.empty() ? style.dim("none")
                                                    : fmt::format("{}", fmt::join(arch_names, ", "))));
        }
        out.line();
    }
}

} // namespace

void add_families_commands(CLI::App& root, Context& context, std::vector<Command>& commands) {
    CLI::App* families = root.add_subcommand(
        "families", "List the model, tokenizer and dataset families and their config schemas");
    families->require_subcommand(1);

    struct Options {
        std::string kind = "all";
        std::string name;
        Format format = Format::text;
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
    add_format_option(*list, options->format);
    commands.push_back({list, [&context, options] {
                            list_families(context, options->kind, options->format);
                        }});

    CLI::App* show = families->add_subcommand(
        "show", "A family's config fields with types and defaults, its archs and options");
    show->add_option("name", options->name, "The family's name")->required();
    add_kind(show);
    add_format_option(*show, options->format);
    commands.push_back({show, [&context, options] {
                            show_family(context, options->name, options->kind, options->format);
                        }});
}

} // namespace fairseq2ctl

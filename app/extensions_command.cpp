// `fairseq2ctl extensions list|check`: which extensions loaded, what each
// registered, and why one did not.
#include <algorithm>

#include <fmt/format.h>

#include "commands.hpp"
#include "words.hpp"
#include "fairseq2/extensions/inventory.hpp"
#include "fairseq2/extensions/loader.hpp"

namespace fairseq2ctl {

using fairseq2::ExtensionRecord;
using fairseq2::ExtensionReport;
using fairseq2::ExtensionStatus;

namespace {

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

Json registered_json(const fairseq2::ExtensionInventory& inventory) {
    Json registrations = Json::array();
    for (const auto& info : inventory.registrations)
        registrations.push_back({{"type", info.type},
                                 {"key", info.key ? Json(*info.key) : Json(nullptr)},
                                 {"kind", fairseq2::to_string(info.kind)},
                                 {"collection", info.in_collection}});
    Json families = Json::object();
    for (const auto& family : inventory.families)
        families[fairseq2::to_string(family.kind)].push_back(family.name);
    return {{"card_sources", inventory.card_sources},
            {"environment_resolvers", inventory.environment_resolvers},
            {"families", std::move(families)},
            {"archs", inventory.archs},
            {"registrations", std::move(registrations)}};
}

std::string registered_text(const fairseq2::ExtensionInventory& inventory) {
    std::vector<std::string> parts;
    for (const auto& source : inventory.card_sources)
        parts.push_back("cards " + source);
    if (inventory.environment_resolvers)
        parts.push_back(fmt::format("{} environment resolver{}", inventory.environment_resolvers,
                                    inventory.environment_resolvers == 1 ? "" : "s"));
    for (const auto& family : inventory.families)
        parts.push_back(fmt::format("family {}:{}", fairseq2::to_string(family.kind), family.name));
    if (!inventory.archs.empty())
        parts.push_back(fmt::format("{} arch{}", inventory.archs.size(), inventory.archs.size() == 1 ? "" : "s"));
    for (const auto& info : inventory.registrations)
        parts.push_back(info.key ? fmt::format("{} '{}'", info.type, *info.key) : info.type);
    return parts.empty() ? "nothing" : fmt::format("{}", fmt::join(parts, "; "));
}

void list_extensions(Context& context, Format format) {
    auto& runtime = context.runtime();
    auto report = runtime.resolve<const ExtensionReport>();

    if (format == Format::json) {
        Json extensions = Json::array();
        for (const ExtensionRecord& record : report->extensions) {
            Json error = nullptr;
            if (record.error)
                error = {{"code", fairseq2::to_string(record.error->code)}, {"message", record.error->message}};
            extensions.push_back(
                {{"name", record.name},
                 {"entry_point", record.entry_point},
                 {"manifest", record.manifest.string()},
                 {"library", record.library.string()},
                 {"status", fairseq2::to_string(record.status)},
                 {"error", std::move(error)},
                 {"registered", registered_json(fairseq2::inventory_of(runtime, record.name))}});
        }
        Json directories = Json::array();
        for (const auto& directory : report->directories)
            directories.push_back({{"path", directory.path.string()}, {"from", words_for(directory.role)}});
        context.out().json({{"extensions", std::move(extensions)},
                            {"directories", std::move(directories)}});
        return;
    }

    const Style& style = context.style();
    Output& out = context.out();
    if (!report->enabled) {
        out.line("extensions are off (--no-extensions)");
        return;
    }
    if (report->extensions.empty())
        out.line("no extensions found (`fairseq2ctl info` shows the directories searched)");
    for (const ExtensionRecord& record : report->extensions) {
        out.line(fmt::format("{}  {}  {}", style.bold(record.name), status_text(style, record.status),
                             style.dim(record.entry_point)));
        Table details;
        details.add({style.dim("manifest"), fmt::format("{}:{}", record.manifest.string(),
                                                        record.manifest_line)});
        if (!record.library.empty())
            details.add({style.dim("library"), record.library.string()});
        if (record.status == ExtensionStatus::loaded)
            details.add({style.dim("registered"),
                         registered_text(fairseq2::inventory_of(runtime, record.name))});
        if (record.error)
            details.add({style.dim(is_failure(record.status) ? "error" : "note"),
                         fmt::format("{} [{}]", record.error->message, fairseq2::to_string(record.error->code))});
        details.print(out, "    ");
    }
}

void check_extensions(Context& context, bool isolate, Format format) {
    context.isolate_extensions = isolate;
    auto report = context.runtime().resolve<const ExtensionReport>();
    const Style& style = context.style();
    std::size_t failures = static_cast<std::size_t>(std::count_if(
        report->extensions.begin(), report->extensions.end(),
        [](const ExtensionRecord& record) { return is_failure(record.status); }));
    if (failures)
        context.fail();
    if (format == Format::json) {
        Json extensions = Json::array();
        for (const ExtensionRecord& record : report->extensions)
            extensions.push_back({{"name", record.name},
                                  {"entry_point", record.entry_point},
                                  {"status", fairseq2::to_string(record.status)},
                                  {"error", record.error ? Json{{"code", fairseq2::to_string(record.error->code)},
                                                                {"message", record.error->message}}
                                                         : Json(nullptr)}});
        context.out().json({{"checked", report->extensions.size()},
                            {"failed", failures},
                            {"extensions", std::move(extensions)}});
        return;
    }
    for (const ExtensionRecord& record : report->extensions) {
        if (is_failure(record.status)) {
            context.out().line(fmt::format("{} {}: {} [{}]", style.red("FAIL"), record.name,
                                           record.error->message, fairseq2::to_string(record.error->code)));
        } else {
            context.out().line(fmt::format("{} {}{}", status_text(style, record.status), record.name,
                                           record.status == ExtensionStatus::shadowed
                                               ? ": " + record.error->message
                                               : ""));
        }
    }
    context.out().line(fmt::format("{} extensions checked, {} failed", report->extensions.size(),
                                   failures));
}

} // namespace

void add_extensions_commands(CLI::App& root, Context& context, std::vector<Command>& commands) {
    CLI::App* extensions = root.add_subcommand(
        "extensions", "List and check the runtime extensions and what they registered");
    extensions->require_subcommand(1);

    CLI::App* list = extensions->add_subcommand(
        "list", "Every discovered extension: status, error, and what it registered");
    auto format = std::make_shared<Format>(Format::text);
    add_format_option(*list, *format);
    commands.push_back({list, [&context, format] { list_extensions(context, *format); }});

    CLI::App* check = extensions->add_subcommand(
        "check", "Load every extension; exit 1 if any failed");
    auto isolate = std::make_shared<bool>(false);
    check->add_flag("--isolate", *isolate,
                    "Run each extension's setup in a child process first, so that one that "
                    "crashes is reported, not fatal");
    auto check_format = std::make_shared<Format>(Format::text);
    add_format_option(*check, *check_format);
    commands.push_back({check, [&context, isolate, check_format] {
                            check_extensions(context, *isolate, *check_format);
                        }});
}

} // namespace fairseq2ctl

// `fairseq2ctl extensions list|check`: which extensions loaded, what each
// registered, and why one did not.
#include <algorithm>

#include "commands.hpp"
#include "fairseq2/extensions/inventory.hpp"
#include "fairseq2/extensions/loader.hpp"

namespace fairseq2ctl {

using fairseq2::ExtensionRecord;
using fairseq2::ExtensionReport;
using fairseq2::ExtensionStatus;

namespace {

void list_extensions(Context& context) {
    auto& runtime = context.runtime();
    auto report = runtime.resolve<const ExtensionReport>();
    ExtensionListing listing{report->enabled, {}, report->directories};
    for (const ExtensionRecord& record : report->extensions)
        listing.extensions.push_back({&record, fairseq2::inventory_of(runtime, record.name)});
    context.printer().extension_list(listing);
}

void check_extensions(Context& context, bool isolate) {
    context.isolate_extensions = isolate;
    auto report = context.runtime().resolve<const ExtensionReport>();
    ExtensionCheck check;
    for (const ExtensionRecord& record : report->extensions) {
        check.extensions.push_back(&record);
        if (record.status == ExtensionStatus::failed || record.status == ExtensionStatus::crashed)
            ++check.failed;
    }
    if (check.failed)
        context.fail();
    context.printer().extension_check(check);
}

} // namespace

void add_extensions_commands(CLI::App& root, Context& context, std::vector<Command>& commands) {
    CLI::App* extensions = root.add_subcommand(
        "extensions", "List and check the runtime extensions and what they registered");
    extensions->require_subcommand(1);

    CLI::App* list = extensions->add_subcommand(
        "list", "Every discovered extension: status, error, and what it registered");
    add_format_option(*list, context);
    commands.push_back({list, [&context] { list_extensions(context); }});

    CLI::App* check = extensions->add_subcommand(
        "check", "Load every extension; exit 1 if any failed");
    auto isolate = std::make_shared<bool>(false);
    check->add_flag("--isolate", *isolate,
                    "Run each extension's setup in a child process first, so that one that "
                    "crashes is reported, not fatal");
    add_format_option(*check, context);
    commands.push_back({check, [&context, isolate] { check_extensions(context, *isolate); }});
}

} // namespace fairseq2ctl

// `fairseq2ctl validate cards`: a CI gate for card directories, in the formats
// CI systems read (text, json, github annotations, JUnit XML, SARIF).
#include <iostream>
#include <map>
#include <sstream>

#include "commands.hpp"
#include "fairseq2/validation/validate.hpp"
#include "validate_reports.hpp"

namespace fairseq2ctl {
namespace {

// How a report is written: by the printer (text, json) or by a CI format's
// writer.
using ReportWriter = void (*)(Context&, const fairseq2::ValidationReport&);

void print_report(Context& context, const fairseq2::ValidationReport& report) {
    context.printer().validation(report);
}

template <void (*write)(Output&, const fairseq2::ValidationReport&)>
void write_report(Context& context, const fairseq2::ValidationReport& report) {
    write(context.out(), report);
}

const std::map<std::string, ReportWriter> report_writers{
    {"text", print_report},
    {"json", print_report},
    {"github", write_report<write_github_report>},
    {"junit", write_report<write_junit_report>},
    {"sarif", write_report<write_sarif_report>},
};

void validate_cards(Context& context, const std::vector<std::string>& paths, const std::string& stdin_name,
                    ReportWriter write, bool werror) {
    for (const auto& path : paths) {
        if (path != "-") {
            context.validated_paths.emplace_back(path);
            continue;
        }
        std::ostringstream text;
        text << std::cin.rdbuf();
        context.validated_texts.push_back({stdin_name, std::move(text).str()});
    }
    const fairseq2::AssetStore& store = context.store(/*report_load_problems=*/false);
    fairseq2::ValidationReport report =
        fairseq2::validate_cards(context.runtime(), store, {.warnings_as_errors = werror});
    write(context, report);
    if (report.count(fairseq2::Severity::error))
        context.fail();
}

} // namespace

void add_validate_commands(CLI::App& root, Context& context, std::vector<Command>& commands) {
    CLI::App* validate = root.add_subcommand("validate", "Validate asset cards, for CI");
    validate->require_subcommand(1);

    struct Options {
        std::vector<std::string> paths;
        std::string stdin_name = "<stdin>";
        std::string format = "text";
        bool werror = false;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cards = validate->add_subcommand(
        "cards", "Check card files and directories for every problem fairseq2 would hit");
    cards->add_option("paths", options->paths, "Card files and directories; - reads one file from standard input")
        ->required()
        ->check(CLI::ExistingPath | CLI::IsMember({"-"}))
        ->type_name("PATH");
    cards->add_option("--stdin-filename", options->stdin_name, "The name standard input goes by in diagnostics")
        ->type_name("NAME")
        ->capture_default_str();
    cards
        ->add_option_function<std::string>(
            "--format",
            [&context, options](const std::string& value) {
                options->format = value;
                context.options.format = value == "json" ? Format::json : Format::text;
            },
            "Output format (default: text)")
        ->check(CLI::IsMember({"text", "json", "github", "junit", "sarif"}))
        ->option_text("text|json|github|junit|sarif");
    cards->add_flag("--werror", options->werror, "Treat warnings as errors");
    commands.push_back({cards, [&context, options] {
                            validate_cards(context, options->paths, options->stdin_name,
                                           report_writers.at(options->format), options->werror);
                        }});
}

} // namespace fairseq2ctl

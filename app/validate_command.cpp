// `fairseq2ctl validate cards`: a CI gate for card directories, in the formats
// CI systems read (text, json, github annotations, JUnit XML).
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "commands.hpp"
#include "fairseq2/validation/validate.hpp"

namespace fairseq2ctl {

using fairseq2::Diagnostic;
using fairseq2::Severity;
using fairseq2::ValidationReport;

namespace {

enum class ValidateFormat { text, json, github, junit };

// The message with its hint, for formats that have one text field.
std::string full_message(const Diagnostic& d) {
    return d.hint.empty() ? d.message : d.message + " " + d.hint;
}

void print_text(Context& context, const ValidationReport& report) {
    const Style& style = context.style();
    for (const Diagnostic& d : report.diagnostics)
        context.out().line(format_diagnostic(d, style));
    std::size_t errors = report.count(Severity::error);
    std::size_t warnings = report.count(Severity::warning);
    std::string summary = fmt::format("{} file{}, {} card{}: {} error{}, {} warning{}", report.files.size(),
                                      report.files.size() == 1 ? "" : "s", report.cards,
                                      report.cards == 1 ? "" : "s", errors, errors == 1 ? "" : "s",
                                      warnings, warnings == 1 ? "" : "s");
    context.out().line(errors ? style.red(summary) : warnings ? style.yellow(summary) : style.green(summary));
}

void print_json(Context& context, const ValidationReport& report) {
    Json diagnostics = Json::array();
    for (const Diagnostic& d : report.diagnostics) {
        Json entry{{"file", d.location.file},
                   {"line", d.location.line},
                   {"column", d.location.column},
                   {"severity", fairseq2::to_string(d.severity)},
                   {"code", d.code},
                   {"message", d.message},
                   {"asset", d.asset.empty() ? Json(nullptr) : Json(d.asset)}};
        if (!d.hint.empty())
            entry["hint"] = d.hint;
        diagnostics.push_back(std::move(entry));
    }
    context.out().json({{"files", report.files.size()},
                        {"cards", report.cards},
                        {"errors", report.count(Severity::error)},
                        {"warnings", report.count(Severity::warning)},
                        {"diagnostics", std::move(diagnostics)}});
}

// GitHub's workflow commands: data escapes %, CR and LF; properties also
// `:` and `,`.
std::string github_escape(std::string_view text, bool property) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '%': out += "%25"; break;
        case '\r': out += "%0D"; break;
        case '\n': out += "%0A"; break;
        case ':': out += property ? "%3A" : ":"; break;
        case ',': out += property ? "%2C" : ","; break;
        default: out += c;
        }
    }
    return out;
}

void print_github(Context& context, const ValidationReport& report) {
    for (const Diagnostic& d : report.diagnostics)
        context.out().line(fmt::format("::{} file={},line={},col={},title={}::{}",
                                       d.severity == Severity::error ? "error" : "warning",
                                       github_escape(d.location.file, true), d.location.line,
                                       d.location.column, github_escape(d.code, true),
                                       github_escape(full_message(d), false)));
}

void print_junit(Context& context, const ValidationReport& report) {
    // One test case per file; every error of the file is a failure of it.
    std::vector<std::string> files = report.files;
    std::map<std::string, std::vector<const Diagnostic*>> by_file;
    for (const Diagnostic& d : report.diagnostics) {
        if (!by_file.count(d.location.file) &&
            std::find(files.begin(), files.end(), d.location.file) == files.end())
            files.push_back(d.location.file); // a file that could not be read
        by_file[d.location.file].push_back(&d);
    }

    std::size_t failures = report.count(Severity::error);
    pugi::xml_document document;
    auto suites = document.append_child("testsuites");
    suites.append_attribute("name") = "fairseq2ctl validate cards";
    suites.append_attribute("tests") = static_cast<unsigned long long>(files.size());
    suites.append_attribute("failures") = static_cast<unsigned long long>(failures);
    auto suite = suites.append_child("testsuite");
    suite.append_attribute("name") = "validate cards";
    suite.append_attribute("tests") = static_cast<unsigned long long>(files.size());
    suite.append_attribute("failures") = static_cast<unsigned long long>(failures);
    suite.append_attribute("errors") = 0;
    for (const std::string& file : files) {
        auto test = suite.append_child("testcase");
        test.append_attribute("classname") = "fairseq2ctl.validate";
        test.append_attribute("name") = file.c_str();
        std::string warnings;
        for (const Diagnostic* d : by_file[file]) {
            std::string where = d->location.to_string();
            if (d->severity == Severity::error) {
                auto failure = test.append_child("failure");
                failure.append_attribute("type") = d->code.c_str();
                failure.append_attribute("message") = full_message(*d).c_str();
                failure.text() = fmt::format("{}: {} [{}]", where, full_message(*d), d->code).c_str();
            } else {
                warnings += fmt::format("{}: warning: {} [{}]\n", where, full_message(*d), d->code);
            }
        }
        if (!warnings.empty())
            test.append_child("system-out").text() = warnings.c_str();
    }
    std::ostringstream xml;
    document.save(xml, "  ", pugi::format_default, pugi::encoding_utf8);
    context.out().write(xml.str());
}

void validate_cards(Context& context, const std::vector<std::string>& paths, ValidateFormat format,
                    bool werror) {
    for (const auto& path : paths)
        context.options.cards.push_back(path);
    const fairseq2::AssetStore& store = context.store(/*report_load_problems=*/false);
    std::vector<std::filesystem::path> roots(paths.begin(), paths.end());
    ValidationReport report = fairseq2::validate_cards(context.runtime(), store, roots);
    if (werror)
        for (Diagnostic& d : report.diagnostics)
            d.severity = Severity::error;

    switch (format) {
    case ValidateFormat::text: print_text(context, report); break;
    case ValidateFormat::json: print_json(context, report); break;
    case ValidateFormat::github: print_github(context, report); break;
    case ValidateFormat::junit: print_junit(context, report); break;
    }
    if (report.count(Severity::error))
        context.fail();
}

} // namespace

void add_validate_commands(CLI::App& root, Context& context, std::vector<Command>& commands) {
    CLI::App* validate = root.add_subcommand("validate", "Validate asset cards, for CI");
    validate->require_subcommand(1);

    struct Options {
        std::vector<std::string> paths;
        ValidateFormat format = ValidateFormat::text;
        bool werror = false;
    };
    auto options = std::make_shared<Options>();
    CLI::App* cards = validate->add_subcommand(
        "cards", "Check card files and directories for every problem fairseq2 would hit");
    cards->add_option("paths", options->paths, "Card files and directories")
        ->required()
        ->check(CLI::ExistingPath)
        ->type_name("PATH");
    static const std::map<std::string, ValidateFormat> formats{{"text", ValidateFormat::text},
                                                               {"json", ValidateFormat::json},
                                                               {"github", ValidateFormat::github},
                                                               {"junit", ValidateFormat::junit}};
    cards->add_option("--format", options->format, "Output format: text, json, github or junit")
        ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case))
        ->default_str("text");
    cards->add_flag("--werror", options->werror, "Treat warnings as errors");
    commands.push_back({cards, [&context, options] {
                            validate_cards(context, options->paths, options->format, options->werror);
                        }});
}

} // namespace fairseq2ctl

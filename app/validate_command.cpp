// `fairseq2ctl validate cards`: a CI gate for card directories, in the formats
// CI systems read (text, json, github annotations, JUnit XML).
#include <algorithm>
#include <cctype>
#include <iostream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "commands.hpp"
#include "fairseq2/assets/uri.hpp"
#include "fairseq2/support/diagnostic_codes.hpp"
#include "fairseq2/validation/validate.hpp"
#include "fairseq2/version.hpp"

namespace fairseq2ctl {

using fairseq2::Diagnostic;
using fairseq2::Severity;
using fairseq2::ValidationReport;

namespace {

enum class ValidateFormat { text, json, github, junit, sarif };

// The message with its environment and hint, for formats that have one
// text field.
std::string full_message(const Diagnostic& d) {
    std::string text = d.message;
    if (!d.environment.empty())
        text += " (in environment " + d.environment + ")";
    return d.hint.empty() ? text : text + " " + d.hint;
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
                   {"code", fairseq2::to_string(d.code)},
                   {"message", d.message},
                   {"asset", d.asset.empty() ? Json(nullptr) : Json(d.asset)},
                   {"environment", d.environment.empty() ? Json(nullptr) : Json(d.environment)}};
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
    for (const Diagnostic& d : report.diagnostics) {
        // A whole-file problem has no line: GitHub annotates the file.
        std::string place = d.location.line
            ? fmt::format(",line={}{}", d.location.line,
                          d.location.column ? fmt::format(",col={}", d.location.column) : "")
            : "";
        context.out().line(fmt::format("::{} file={}{},title={}::{}",
                                       d.severity == Severity::error ? "error" : "warning",
                                       github_escape(d.location.file, true), place,
                                       github_escape(fairseq2::to_string(d.code), true), github_escape(full_message(d), false)));
    }
}

void print_junit(Context& context, const ValidationReport& report) {
    // One test case per file, with one failure that holds all of its errors
    // (the common JUnit schema allows one failure per test case).
    std::vector<std::string> files = report.files;
    std::map<std::string, std::vector<const Diagnostic*>> by_file;
    for (const Diagnostic& d : report.diagnostics) {
        if (!by_file.count(d.location.file) &&
            std::find(files.begin(), files.end(), d.location.file) == files.end())
            files.push_back(d.location.file); // a file that could not be read
        by_file[d.location.file].push_back(&d);
    }

    std::size_t failures = 0;
    for (const auto& [file, diagnostics] : by_file)
        failures += std::any_of(diagnostics.begin(), diagnostics.end(),
                                [](const Diagnostic* d) { return d->severity == Severity::error; });
    pugi::xml_document document;
    auto suites = document.append_child("testsuites");
    suites.append_attribute("name") = "fairseq2ctl validate cards";
    suites.append_attribute("tests") = static_cast<unsigned long long>(files.size());
    suites.append_attribute("failures") = static_cast<unsigned long long>(failures);
    suites.append_attribute("errors") = 0;
    suites.append_attribute("time") = "0";
    auto suite = suites.append_child("testsuite");
    suite.append_attribute("name") = "validate cards";
    suite.append_attribute("tests") = static_cast<unsigned long long>(files.size());
    suite.append_attribute("failures") = static_cast<unsigned long long>(failures);
    suite.append_attribute("errors") = 0;
    suite.append_attribute("skipped") = 0;
    suite.append_attribute("time") = "0";
    for (const std::string& file : files) {
        auto test = suite.append_child("testcase");
        test.append_attribute("classname") = "fairseq2ctl.validate";
        test.append_attribute("name") = file.c_str();
        test.append_attribute("time") = "0";
        std::string errors;
        std::string warnings;
        const Diagnostic* first_error = nullptr;
        std::size_t error_count = 0;
        for (const Diagnostic* d : by_file[file]) {
            std::string line = fmt::format("{}: {}: {} [{}]\n", d->location.to_string(),
                                           fairseq2::to_string(d->severity), full_message(*d), fairseq2::to_string(d->code));
            if (d->severity == Severity::error) {
                first_error = first_error ? first_error : d;
                ++error_count;
                errors += line;
            } else {
                warnings += line;
            }
        }
        if (first_error) {
            auto failure = test.append_child("failure");
            failure.append_attribute("type") = std::string{fairseq2::to_string(first_error->code)}.c_str();
            std::string message = first_error->message;
            if (error_count > 1)
                message += fmt::format(" (and {} more)", error_count - 1);
            failure.append_attribute("message") = message.c_str();
            failure.text() = errors.c_str();
        }
        if (!warnings.empty())
            test.append_child("system-out").text() = warnings.c_str();
    }
    std::ostringstream xml;
    document.save(xml, "  ", pugi::format_default, pugi::encoding_utf8);
    context.out().write(xml.str());
}

// A file name as a SARIF artifact URI: a `file://` URI for an absolute path,
// else the relative path with reserved characters percent-encoded.
std::string artifact_uri(const std::string& file) {
    if (!file.empty() && file[0] == '/')
        return fairseq2::file_uri(file);
    std::string uri;
    for (char c : file) {
        bool unreserved = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
                          c == '~' || c == '/';
        uri += unreserved ? std::string(1, c) : fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
    return uri;
}

// SARIF 2.1.0 for code scanning: a rule per code the report uses, with its
// help text, and a result per diagnostic.
void print_sarif(Context& context, const ValidationReport& report) {
    std::vector<fairseq2::DiagnosticCode> rule_ids;
    Json rules = Json::array();
    auto rule_index = [&](fairseq2::DiagnosticCode code) {
        auto found = std::find(rule_ids.begin(), rule_ids.end(), code);
        if (found != rule_ids.end())
            return static_cast<std::size_t>(found - rule_ids.begin());
        rule_ids.push_back(code);
        const fairseq2::DiagnosticCodeInfo& known = fairseq2::describe(code);
        rules.push_back({{"id", known.id},
                         {"name", known.id},
                         {"shortDescription", {{"text", known.summary}}},
                         {"help", {{"text", known.help}}},
                         {"defaultConfiguration", {{"level", fairseq2::to_string(known.severity)}}}});
        return rule_ids.size() - 1;
    };
    Json results = Json::array();
    for (const Diagnostic& d : report.diagnostics) {
        Json physical{{"artifactLocation", {{"uri", artifact_uri(d.location.file)}}}};
        if (d.location.line) {
            physical["region"] = {{"startLine", d.location.line}};
            if (d.location.column)
                physical["region"]["startColumn"] = d.location.column;
        }
        std::size_t index = rule_index(d.code);
        results.push_back({{"ruleId", fairseq2::to_string(d.code)},
                           {"ruleIndex", index},
                           {"level", fairseq2::to_string(d.severity)},
                           {"message", {{"text", full_message(d)}}},
                           {"locations", Json::array({{{"physicalLocation", std::move(physical)}}})}});
    }
    Json driver{{"name", "fairseq2ctl"},
                {"version", PROJECT_VERSION_STRING},
                {"informationUri", "https://github.com/facebookresearch/fairseq2"},
                {"rules", std::move(rules)}};
    context.out().json({{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                        {"version", "2.1.0"},
                        {"runs", Json::array({{{"tool", {{"driver", std::move(driver)}}},
                                               {"results", std::move(results)}}})}});
}

void validate_cards(Context& context, const std::vector<std::string>& paths, const std::string& stdin_name,
                    ValidateFormat format, bool werror) {
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
    ValidationReport report =
        fairseq2::validate_cards(context.runtime(), store, {.warnings_as_errors = werror});

    switch (format) {
    case ValidateFormat::text: print_text(context, report); break;
    case ValidateFormat::json: print_json(context, report); break;
    case ValidateFormat::github: print_github(context, report); break;
    case ValidateFormat::junit: print_junit(context, report); break;
    case ValidateFormat::sarif: print_sarif(context, report); break;
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
        std::string stdin_name = "<stdin>";
        ValidateFormat format = ValidateFormat::text;
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
    static const std::map<std::string, ValidateFormat> formats{{"text", ValidateFormat::text},
                                                               {"json", ValidateFormat::json},
                                                               {"github", ValidateFormat::github},
                                                               {"junit", ValidateFormat::junit},
                                                               {"sarif", ValidateFormat::sarif}};
    cards
        ->add_option_function<std::string>(
            "--format", [options](const std::string& value) { options->format = formats.at(value); },
            "Output format (default: text)")
        ->check(CLI::IsMember({"text", "json", "github", "junit", "sarif"}))
        ->option_text("text|json|github|junit|sarif");
    cards->add_flag("--werror", options->werror, "Treat warnings as errors");
    commands.push_back({cards, [&context, options] {
                            validate_cards(context, options->paths, options->stdin_name, options->format,
                                           options->werror);
                        }});
}

} // namespace fairseq2ctl

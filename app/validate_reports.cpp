// The CI formats of `validate cards` beside the printer's text and JSON:
// GitHub workflow commands, JUnit XML and SARIF 2.1.0.
#include "validate_reports.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "fairseq2/assets/uri.hpp"
#include "fairseq2/support/diagnostic_codes.hpp"
#include "fairseq2/version.hpp"
#include "json_writer.hpp"

namespace fairseq2ctl {

using fairseq2::Diagnostic;
using fairseq2::Severity;
using fairseq2::ValidationReport;

namespace {

// The message with its environment and hint, for formats that have one
// text field.
std::string full_message(const Diagnostic& d) {
    std::string text = d.message;
    if (!d.environment.empty())
        text += " (in environment " + d.environment + ")";
    return d.hint.empty() ? text : text + " " + d.hint;
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

} // namespace

void write_github_report(Output& out, const ValidationReport& report) {
    for (const Diagnostic& d : report.diagnostics) {
        // A whole-file problem has no line: GitHub annotates the file.
        std::string place =
            d.location.line ? fmt::format(",line={}{}", d.location.line,
                                          d.location.column ? fmt::format(",col={}", d.location.column) : "")
                            : "";
        out.line(fmt::format(
            "::{} file={}{},title={}::{}", d.severity == Severity::error ? "error" : "warning",
            github_escape(d.location.file, true), place, github_escape(fairseq2::to_string(d.code), true),
            github_escape(full_message(d), false)));
    }
}

void write_junit_report(Output& out, const ValidationReport& report) {
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
            std::string line =
                fmt::format("{}: {}: {} [{}]\n", d->location.to_string(), fairseq2::to_string(d->severity),
                            full_message(*d), fairseq2::to_string(d->code));
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
    out.write(xml.str());
}

namespace {

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

} // namespace

// SARIF 2.1.0 for code scanning: a rule per code the report uses, with its
// help text, and a result per diagnostic.
void write_sarif_report(Output& out, const ValidationReport& report) {
    std::vector<fairseq2::DiagnosticCode> rules;
    for (const Diagnostic& d : report.diagnostics)
        if (std::find(rules.begin(), rules.end(), d.code) == rules.end())
            rules.push_back(d.code);

    JsonWriter w;
    w.begin_object();
    w.member("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    w.member("version", "2.1.0");
    w.key("runs");
    w.begin_array();
    w.begin_object();
    w.key("tool");
    w.begin_object();
    w.key("driver");
    w.begin_object();
    w.member("name", "fairseq2ctl");
    w.member("version", PROJECT_VERSION_STRING);
    w.member("informationUri", "https://github.com/facebookresearch/fairseq2");
    w.key("rules");
    w.begin_array();
    for (fairseq2::DiagnosticCode code : rules) {
        const fairseq2::DiagnosticCodeInfo& rule = fairseq2::describe(code);
        w.begin_object();
        w.member("id", rule.id);
        w.member("name", rule.id);
        w.key("shortDescription");
        w.begin_object();
        w.member("text", rule.summary);
        w.end_object();
        w.key("help");
        w.begin_object();
        w.member("text", rule.help);
        w.end_object();
        w.key("defaultConfiguration");
        w.begin_object();
        w.member("level", fairseq2::to_string(rule.severity));
        w.end_object();
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.end_object();
    w.key("results");
    w.begin_array();
    for (const Diagnostic& d : report.diagnostics) {
        w.begin_object();
        w.member("ruleId", fairseq2::to_string(d.code));
        w.member("ruleIndex", std::uint64_t(std::find(rules.begin(), rules.end(), d.code) - rules.begin()));
        w.member("level", fairseq2::to_string(d.severity));
        w.key("message");
        w.begin_object();
        w.member("text", full_message(d));
        w.end_object();
        w.key("locations");
        w.begin_array();
        w.begin_object();
        w.key("physicalLocation");
        w.begin_object();
        w.key("artifactLocation");
        w.begin_object();
        w.member("uri", artifact_uri(d.location.file));
        w.end_object();
        if (d.location.line) {
            w.key("region");
            w.begin_object();
            w.member("startLine", d.location.line);
            if (d.location.column)
                w.member("startColumn", d.location.column);
            w.end_object();
        }
        w.end_object();
        w.end_object();
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.end_array();
    w.end_object();
    out.line(std::move(w).text());
}

} // namespace fairseq2ctl

#include <doctest/doctest.h>

#include "fairseq2/support/diagnostic_sink.hpp"

using namespace fairseq2;

namespace {

Diagnostic warning(DiagnosticCode code) {
    return {.severity = Severity::warning, .code = code, .message = "w"};
}

Diagnostic error(DiagnosticCode code) {
    return {.code = code, .message = "e"};
}

} // namespace

TEST_CASE("a sink keeps what it is given, in order, and counts it") {
    DiagnosticSink sink;
    sink.report(warning(DiagnosticCode::orphan_overlay));
    sink.report(error(DiagnosticCode::base_not_found));
    REQUIRE(sink.diagnostics().size() == 2);
    CHECK(sink.diagnostics()[0].code == DiagnosticCode::orphan_overlay);
    CHECK(sink.count(Severity::warning) == 1);
    CHECK(sink.count(Severity::error) == 1);
}

TEST_CASE("warnings_as_errors (--werror) makes every warning an error") {
    DiagnosticSink sink{{.warnings_as_errors = true}};
    sink.report(warning(DiagnosticCode::path_not_found));
    CHECK(sink.diagnostics()[0].severity == Severity::error);
    CHECK(sink.count(Severity::error) == 1);
    CHECK(sink.count(Severity::warning) == 0);
}

TEST_CASE("errors_only (--quiet) drops warnings and keeps errors") {
    DiagnosticSink sink{{.errors_only = true}};
    sink.report(Diagnostics{warning(DiagnosticCode::path_not_found), error(DiagnosticCode::yaml_syntax)});
    REQUIRE(sink.diagnostics().size() == 1);
    CHECK(sink.diagnostics()[0].code == DiagnosticCode::yaml_syntax);
}

TEST_CASE("a warning made an error is not dropped by errors_only") {
    DiagnosticSink sink{{.warnings_as_errors = true, .errors_only = true}};
    sink.report(warning(DiagnosticCode::orphan_overlay));
    CHECK(sink.count(Severity::error) == 1);
}

TEST_CASE("a sink with a consumer hands each diagnostic over instead of keeping it") {
    std::vector<DiagnosticCode> seen;
    DiagnosticSink sink{{}, [&](const Diagnostic& d) { seen.push_back(d.code); }};
    sink.report(error(DiagnosticCode::duplicate_key));
    CHECK(seen == std::vector{DiagnosticCode::duplicate_key});
    CHECK(sink.diagnostics().empty());
    CHECK(sink.count(Severity::error) == 1);
}

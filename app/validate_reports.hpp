// The CI formats of `validate cards` beside the printer's text and JSON.
#pragma once

#include "fairseq2/validation/validate.hpp"
#include "output.hpp"

namespace fairseq2ctl {

// `::error file=...,line=...,col=...,title=CODE::message`, one line each;
// a whole-file problem has no line, so GitHub annotates the file.
void write_github_report(Output& out, const fairseq2::ValidationReport& report);

// One test case per file, with one failure that holds all of its errors (the
// common JUnit schema allows one failure per test case).
void write_junit_report(Output& out, const fairseq2::ValidationReport& report);

// A rule per code the report uses, with its help text, and a result per
// diagnostic.
void write_sarif_report(Output& out, const fairseq2::ValidationReport& report);

} // namespace fairseq2ctl

// The pieces of text output: ANSI styling that is off unless asked for,
// tables whose columns line up, values on one line, control characters and
// bytes that are not UTF-8 made visible, and the one way a diagnostic reads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fairseq2/support/diagnostic.hpp"
#include "fairseq2/yaml/value.hpp"
#include "output.hpp"

namespace fairseq2ctl {

class Style {
public:
    explicit Style(bool enabled = false) : enabled_(enabled) {}

    std::string bold(std::string_view text) const { return wrap("1", text); }
    std::string dim(std::string_view text) const { return wrap("2", text); }
    std::string red(std::string_view text) const { return wrap("1;31", text); }
    std::string green(std::string_view text) const { return wrap("32", text); }
    std::string yellow(std::string_view text) const { return wrap("33", text); }
    std::string blue(std::string_view text) const { return wrap("1;34", text); }
    std::string cyan(std::string_view text) const { return wrap("36", text); }

private:
    std::string wrap(std::string_view code, std::string_view text) const;

    bool enabled_;
};

// Rows whose columns line up; cells may hold ANSI styling, and the last cell
// of a row may span lines.
class Table {
public:
    void add(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
    // Appends the rows, each a line starting with `indent`.
    void render(std::string& out, std::string_view indent = "  ") const;

private:
    std::vector<std::vector<std::string>> rows_;
};

// A value as one line of text: strings as they are, everything else in flow
// YAML; long lists are shortened with their length shown.
std::string value_to_text(const fairseq2::Value& value);

// Control characters (an escape sequence in a card value, a newline in a
// name) written as `\x1b`, `\n`, `\t`, and bytes that are not UTF-8 as
// `\xff`, so that text output cannot move the cursor or forge lines.
std::string escape_controls(std::string_view text);

// `file:line:col: error: message [code]`, then the hint, for stderr.
std::string format_diagnostic(const fairseq2::Diagnostic& diagnostic, const Style& style);

} // namespace fairseq2ctl

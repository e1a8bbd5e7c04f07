#include "text.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "fairseq2/support/text.hpp"
#include "json_writer.hpp"

namespace fairseq2ctl {

using fairseq2::Value;

std::string Style::wrap(std::string_view code, std::string_view text) const {
    if (!enabled_ || text.empty())
        return std::string{text};
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
}


namespace {

// The width a string takes on a terminal: code points, ANSI sequences skipped.
std::size_t display_width(std::string_view text) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\x1b') {
            while (i < text.size() && text[i] != 'm')
                ++i;
            continue;
        }
        // Count lead bytes only, so a UTF-8 sequence counts once.
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
            ++width;
    }
    return width;
}

} // namespace

void Table::render(std::string& out, std::string_view indent) const {
    std::vector<std::size_t> widths;
    for (const auto& row : rows_)
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (widths.size() <= c)
                widths.push_back(0);
            widths[c] = std::max(widths[c], display_width(row[c]));
        }
    for (const auto& row : rows_) {
        std::string text{indent};
        std::size_t last_column = text.size();
        for (std::size_t c = 0; c < row.size(); ++c) {
            last_column = display_width(text);
            text += row[c];
            if (c + 1 < row.size())
                text.append(widths[c] - display_width(row[c]) + 2, ' ');
        }
        while (!text.empty() && text.back() == ' ')
            text.pop_back();
        // A multi-line last cell continues under its own column.
        std::string continuation = "\n" + std::string(last_column, ' ');
        for (auto at = text.find('\n'); at != std::string::npos;
             at = text.find('\n', at + continuation.size()))
            text.replace(at, 1, continuation);
        out += text;
        out += '\n';
    }
}

namespace {

std::string scalar_to_text(const Value& value) {
    switch (value.kind()) {
    case Value::Kind::null: return "null";
    case Value::Kind::boolean: return value.as_bool() ? "true" : "false";
    case Value::Kind::integer: return std::to_string(value.as_int());
    case Value::Kind::floating: {
        double v = value.as_float();
        if (std::isnan(v))
            return ".nan";
        if (std::isinf(v))
            return v > 0 ? ".inf" : "-.inf";
        return value.key_text(); // Python's repr of a float
    }
    case Value::Kind::string: return value.as_string();
    case Value::Kind::big_integer: return value.as_big_integer().digits;
    case Value::Kind::bytes: return "!!binary " + value.as_bytes().base64();
    case Value::Kind::timestamp: return value.as_timestamp().iso;
    default: return {};
    }
}

std::string flow(const Value& value, bool nested) {
    constexpr std::size_t shown_items = 8;
    if (value.is_list()) {
        const auto& list = value.as_list();
        std::string text = "[";
        for (std::size_t i = 0; i < list.size() && i < shown_items; ++i)
            text += (i ? ", " : "") + flow(list[i], true);
        if (list.size() > shown_items)
            text += fmt::format(", ... ({} items)", list.size());
        return text + "]";
    }
    if (value.kind() == Value::Kind::set) {
        std::string text = "!!set {";
        for (const Value& item : value.as_set().items)
            text += (text.size() > 7 ? ", " : "") + flow(item, true);
        return text + "}";
    }
    if (value.is_map()) {
        std::string text = "{";
        bool first = true;
        for (const auto& field : value.as_map()) {
            text += (first ? "" : ", ") + field.key.str() + ": " + flow(field.value, true);
            first = false;
        }
        return text + "}";
    }
    if (nested && value.is_string()) {
        std::string quoted;
        append_json_string(quoted, value.as_string());
        return quoted;
    }
    return scalar_to_text(value);
}

} // namespace

std::string value_to_text(const Value& value) {
    return escape_controls(flow(value, false));
}

std::string escape_controls(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x80) {
            std::size_t length = fairseq2::decode_utf8(text, i).length;
            if (length == 0) {
                out += fmt::format("\\x{:02x}", byte);
                ++i;
            } else {
                out.append(text.substr(i, length));
                i += length;
            }
            continue;
        }
        if (byte == '\n')
            out += "\\n";
        else if (byte == '\t')
            out += "\\t";
        else if (byte < 0x20 || byte == 0x7F)
            out += fmt::format("\\x{:02x}", byte);
        else
            out += static_cast<char>(byte);
        ++i;
    }
    return out;
}

std::string format_diagnostic(const fairseq2::Diagnostic& diagnostic, const Style& style) {
    std::string text;
    if (!diagnostic.location.file.empty())
        text += style.bold(escape_controls(diagnostic.location.to_string()) + ":") + " ";
    text += diagnostic.severity == fairseq2::Severity::error ? style.red("error:") : style.yellow("warning:");
    text += " " + escape_controls(diagnostic.message);
    if (!diagnostic.environment.empty())
        text += " " + style.dim("(in environment " + diagnostic.environment + ")");
    text += " " + style.dim(fmt::format("[{}]", fairseq2::to_string(diagnostic.code)));
    if (!diagnostic.hint.empty())
        text += "\n  " + style.cyan("hint:") + " " + escape_controls(diagnostic.hint);
    return text;
}

} // namespace fairseq2ctl

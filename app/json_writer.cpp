#include "json_writer.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>

#include "fairseq2/support/text.hpp"

namespace fairseq2ctl {

namespace {

// The bytes a JSON string cannot hold as they are (controls, `"`, backslash)
// and those that start a UTF-8 sequence to check: one look-up per byte in the
// output's hottest loop.
constexpr std::array<bool, 256> byte_needs_care = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 256; ++c)
        table[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
    return table;
}();

// Whether none of the eight bytes at `p` needs care: most strings are plain
// ASCII names and paths.
bool plain_block(const char* p) noexcept {
    fairseq2::ByteBlock block{p};
    return (block.non_ascii() | block.below(0x20) | block.equal('"') | block.equal('\\')) == 0;
}

} // namespace

void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    std::size_t plain = 0; // start of the run of bytes copied as they are
    auto flush = [&](std::size_t end) { out.append(text.data() + plain, end - plain); };
    for (std::size_t i = 0; i < text.size();) {
        if (i + 8 <= text.size() && plain_block(text.data() + i)) {
            i += 8;
            continue;
        }
        auto c = static_cast<unsigned char>(text[i]);
        if (!byte_needs_care[c]) {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            if (std::size_t length = fairseq2::decode_utf8(text, i).length) {
                i += length;
                continue;
            }
        }
        flush(i);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c < 0x20)
                out += fmt::format("\\u{:04x}", c);
            else // not UTF-8: the byte as text, as the text output shows it
                out += fmt::format("\\\\x{:02x}", c);
        }
        plain = ++i;
    }
    flush(text.size());
    out += '"';
}

void JsonWriter::separate() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (counts_.empty())
        return;
    if (counts_.back()++ > 0)
        out_ += ',';
    if (layout_ == Layout::indented) {
        out_ += '\n';
        out_.append(2 * counts_.size(), ' ');
    }
}

void JsonWriter::open(char bracket) {
    separate();
    out_ += bracket;
    counts_.push_back(0);
}

void JsonWriter::close(char bracket) {
    std::size_t count = counts_.back();
    counts_.pop_back();
    if (count > 0 && layout_ == Layout::indented) {
        out_ += '\n';
        out_.append(2 * counts_.size(), ' ');
    }
    out_ += bracket;
}

void JsonWriter::begin_object() {
    open('{');
}
void JsonWriter::end_object() {
    close('}');
}
void JsonWriter::begin_array() {
    open('[');
}
void JsonWriter::end_array() {
    close(']');
}

void JsonWriter::key(std::string_view name) {
    separate();
    after_key_ = true;
    std::string_view colon = layout_ == Layout::indented ? ": " : ":";
    // A key is mostly a short field name that needs no escaping: written in
    // one append, not a character or a piece at a time (it is half of every
    // token of `resolve --all`).
    std::array<char, 64> quoted;
    if (name.size() + 2 + colon.size() <= quoted.size() &&
        std::none_of(name.begin(), name.end(), [](char c) { return byte_needs_care[static_cast<unsigned char>(c)]; })) {
        char* end = quoted.data();
        *end++ = '"';
        end = std::copy(name.begin(), name.end(), end);
        *end++ = '"';
        end = std::copy(colon.begin(), colon.end(), end);
        out_.append(quoted.data(), static_cast<std::size_t>(end - quoted.data()));
        return;
    }
    append_json_string(out_, name);
    out_ += colon;
}

void JsonWriter::string(std::string_view text) {
    separate();
    append_json_string(out_, text);
}

void JsonWriter::rendered(std::string_view json) {
    separate();
    out_ += json;
}

JsonWriter JsonWriter::fragment(std::string& out) const {
    JsonWriter writer{out, layout_};
    // As deep as this writer, and placed as a value: no separator before it.
    writer.counts_.assign(counts_.size(), 1);
    writer.after_key_ = true;
    return writer;
}

void JsonWriter::integer(std::int64_t number) {
    separate();
    fmt::format_int digits{number};
    out_.append(digits.data(), digits.size());
}

void JsonWriter::unsigned_integer(std::uint64_t number) {
    separate();
    fmt::format_int digits{number};
    out_.append(digits.data(), digits.size());
}

void JsonWriter::boolean(bool flag) {
    separate();
    out_ += flag ? "true" : "false";
}

void JsonWriter::null() {
    separate();
    out_ += "null";
}

void JsonWriter::member_or_null(std::string_view name, std::string_view text) {
    key(name);
    if (text.empty())
        null();
    else
        string(text);
}

void JsonWriter::value(const fairseq2::Value& v) {
    using Kind = fairseq2::Value::Kind;
    switch (v.kind()) {
    case Kind::null: null(); return;
    case Kind::boolean: boolean(v.as_bool()); return;
    case Kind::integer: integer(v.as_int()); return;
    case Kind::floating: {
        double d = v.as_float();
        if (std::isnan(d))
            string(".nan");
        else if (std::isinf(d))
            string(d > 0 ? ".inf" : "-.inf");
        else {
            separate();
            out_ += v.key_text(); // Python's repr, as json.dumps writes it
        }
        return;
    }
    case Kind::string: string(v.as_string()); return;
    case Kind::list:
        begin_array();
        for (const fairseq2::Value& item : v.as_list())
            value(item);
        end_array();
        return;
    case Kind::map:
        begin_object();
        for (const fairseq2::Field& field : v.as_map()) {
            key(field.key);
            value(field.value);
        }
        end_object();
        return;
    case Kind::big_integer:
        separate();
        out_ += v.as_big_integer().digits; // exact, not a double
        return;
    case Kind::bytes: string(v.as_bytes().base64()); return;
    case Kind::set:
        begin_array();
        for (const fairseq2::Value& item : v.as_set().items)
            value(item);
        end_array();
        return;
    case Kind::timestamp: string(v.as_timestamp().iso); return;
    }
}

} // namespace fairseq2ctl

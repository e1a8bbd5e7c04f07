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

// Whether none of the bytes of the block at `p` needs care: most strings
// are plain ASCII names and paths.
bool plain_block(const char* p) noexcept {
    fairseq2::ByteBlock block{p};
    return fairseq2::ByteBlock::none(block.non_ascii() | block.below(0x20) | block.equal('"') |
                                     block.equal('\\'));
}

// Whether no byte of `text` needs care, as for most strings: tested a block
// at a time, the last block overlapping the one before it, and a short text
// in a padded copy, so that no byte is tested alone.
bool needs_no_care(std::string_view text) noexcept {
    constexpr std::size_t block = fairseq2::ByteBlock::size;
    if (text.size() < block) {
        std::array<char, block> padded;
        padded.fill(' ');
        if (!text.empty()) // its data() may be null, which memcpy must not get
            std::memcpy(padded.data(), text.data(), text.size());
        return plain_block(padded.data());
    }
    for (std::size_t i = 0; i + block < text.size(); i += block)
        if (!plain_block(text.data() + i))
            return false;
    return plain_block(text.data() + text.size() - block);
}

// Writes `text` as the inside of a JSON string literal: `emit` is given each
// run of bytes as they are and each escape in turn.
template <typename Emit>
void escape_json_string(std::string_view text, Emit&& emit) {
    std::size_t plain = 0; // start of the run of bytes copied as they are
    for (std::size_t i = 0; i < text.size();) {
        if (i + fairseq2::ByteBlock::size <= text.size() && plain_block(text.data() + i)) {
            i += fairseq2::ByteBlock::size;
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
        emit(text.substr(plain, i - plain));
        switch (c) {
        case '"': emit("\\\""); break;
        case '\\': emit("\\\\"); break;
        case '\n': emit("\\n"); break;
        case '\t': emit("\\t"); break;
        case '\r': emit("\\r"); break;
        case '\b': emit("\\b"); break;
        case '\f': emit("\\f"); break;
        default:
            if (c < 0x20)
                emit(fmt::format("\\u{:04x}", c));
            else // not UTF-8: the byte as text, as the text output shows it
                emit(fmt::format("\\\\x{:02x}", c));
        }
        plain = ++i;
    }
    emit(text.substr(plain));
}

} // namespace

void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    escape_json_string(text, [&](std::string_view run) { out += run; });
    out += '"';
}

std::string JsonWriter::text() && {
    out_.resize(end_);
    end_ = 0;
    return std::move(out_);
}

void JsonWriter::grow(std::size_t size) {
    // The room is zero-filled as it is added (std::string has no other way
    // in C++20): a KB at a time, so that a writer that goes on after a long
    // text (a block of `resolve --all`) fills no more than it writes. The
    // string's capacity still doubles.
    out_.resize(end_ + std::max<std::size_t>(size, 1024));
}

void JsonWriter::quote(std::string_view text) {
    // A string that needs no escape, as most do, is one copy: a key or a
    // short value costs little more than the scan.
    if (needs_no_care(text)) {
        char* out = room(text.size() + 2);
        out[0] = '"';
        if (!text.empty()) // its data() may be null, which memcpy must not get
            std::memcpy(out + 1, text.data(), text.size());
        out[text.size() + 1] = '"';
        end_ += text.size() + 2;
        return;
    }
    quote_escaped(text);
}

// Out of line: the escapes' code would make every quote() pay for a stack
// frame that only this path needs.
void JsonWriter::quote_escaped(std::string_view text) {
    put('"');
    escape_json_string(text, [&](std::string_view run) { put(run); });
    put('"');
}

void JsonWriter::indent() {
    put('\n');
    std::size_t width = 2 * counts_.size();
    std::memset(room(width), ' ', width);
    end_ += width;
}

void JsonWriter::separate() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (counts_.empty())
        return;
    if (counts_.back()++ > 0)
        put(',');
    if (layout_ == Layout::indented)
        indent();
}

void JsonWriter::open(char bracket) {
    separate();
    put(bracket);
    counts_.push_back(0);
}

void JsonWriter::close(char bracket) {
    std::size_t count = counts_.back();
    counts_.pop_back();
    if (count > 0 && layout_ == Layout::indented)
        indent();
    put(bracket);
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
    quote(name);
    put(layout_ == Layout::indented ? std::string_view{": "} : std::string_view{":"});
}

void JsonWriter::string(std::string_view text) {
    separate();
    quote(text);
}

void JsonWriter::rendered(std::initializer_list<std::string_view> parts) {
    separate();
    for (std::string_view part : parts)
        put(part);
}

JsonWriter JsonWriter::fragment() const {
    JsonWriter writer{layout_};
    // As deep as this writer, and placed as a value: no separator before it.
    writer.counts_.assign(counts_.size(), 1);
    writer.after_key_ = true;
    return writer;
}

void JsonWriter::integer(std::int64_t number) {
    separate();
    fmt::format_int digits{number};
    put({digits.data(), digits.size()});
}

void JsonWriter::unsigned_integer(std::uint64_t number) {
    separate();
    fmt::format_int digits{number};
    put({digits.data(), digits.size()});
}

void JsonWriter::boolean(bool flag) {
    separate();
    put(flag ? "true" : "false");
}

void JsonWriter::null() {
    separate();
    put("null");
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
            put(v.key_text()); // Python's repr, as json.dumps writes it
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
        put(v.as_big_integer().digits); // exact, not a double
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

// A streaming JSON writer: tokens go straight into a text it owns, so that
// `assets resolve --all` renders 100k assets without building a tree per
// asset. It writes what no JSON library here writes for us: every string as
// valid UTF-8 (a byte that is not UTF-8, in a file name or a value, is
// written as the text `\xff`), floats as Python's json.dumps spells them,
// integers of any size exactly, and the two layouts the tool prints.
// (RapidJSON 1.1.0, Debian's, performs undefined behaviour on every write;
// nlohmann's json has no streaming writer.)
#pragma once

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <boost/container/small_vector.hpp>

#include "fairseq2/yaml/value.hpp"

namespace fairseq2ctl {

class JsonWriter {
public:
    enum class Layout {
        // Two-space indentation, `"key": value`, one member per line.
        indented,
        // No whitespace at all: one line.
        compact,
    };

    explicit JsonWriter(Layout layout = Layout::indented) : layout_(layout) {}
    // A writer that goes on after `text` (a buffer reused for many
    // documents keeps its capacity).
    JsonWriter(std::string text, Layout layout) : out_(std::move(text)), end_(out_.size()), layout_(layout) {}

    // The text written, given up by the writer. Until then the writer holds
    // it with room to grow, so that a token is written with no call into
    // std::string: it is the writer's hottest path.
    std::string text() &&;
    // How many bytes of text() are written so far.
    std::size_t size() const noexcept { return end_; }

    void begin_object();
    void end_object();
    void begin_array();
    void end_array();
    // The key of the next member of the object being written.
    void key(std::string_view name);

    void string(std::string_view text);
    // A value already written as JSON, by fragment() or append_json_string():
    // for one written many times. Its `parts` are written one after another.
    void rendered(std::initializer_list<std::string_view> parts);
    // A writer of one value, laid out as this writer would lay it out at its
    // current place: a value rendered once for rendered() to write many
    // times.
    JsonWriter fragment() const;
    void integer(std::int64_t number);
    void unsigned_integer(std::uint64_t number);
    void boolean(bool flag);
    void null();
    // A card value: a float as Python's repr (inf and nan, which JSON lacks,
    // as the strings YAML spells them), a big integer as its digits,
    // `!!binary` as base64, a set as a list, a date as its ISO text.
    void value(const fairseq2::Value& value);

    // Shorthands for a member.
    void member(std::string_view name, std::string_view text) {
        key(name);
        string(text);
    }
    void member(std::string_view name, const char* text) { member(name, std::string_view{text}); }
    void member(std::string_view name, const std::string& text) { member(name, std::string_view{text}); }
    void member(std::string_view name, bool flag) {
        key(name);
        boolean(flag);
    }
    void member(std::string_view name, std::uint64_t number) {
        key(name);
        unsigned_integer(number);
    }
    void member(std::string_view name, std::uint32_t number) { member(name, std::uint64_t{number}); }
    // A string member, or null when `text` is empty.
    void member_or_null(std::string_view name, std::string_view text);

private:
    // Room for `size` more bytes at the end of the text.
    char* room(std::size_t size) {
        if (size > out_.size() - end_)
            grow(size);
        return out_.data() + end_;
    }
    void grow(std::size_t size);
    void put(char c) {
        *room(1) = c;
        ++end_;
    }
    void put(std::string_view text) {
        if (text.empty()) // its data() may be null, which memcpy must not get
            return;
        std::memcpy(room(text.size()), text.data(), text.size());
        end_ += text.size();
    }
    void quote(std::string_view text);
    [[gnu::noinline]] void quote_escaped(std::string_view text);
    void indent();
    // Before a value or a key: the comma and line break its place needs.
    void separate();
    void open(char bracket);
    void close(char bracket);

    // Written up to end_; past it, room for what comes next.
    std::string out_;
    std::size_t end_ = 0;
    Layout layout_;
    // Per open container: how many members or elements it has so far. Held
    // in place for the depths every document has: a writer is made for each
    // asset of `resolve --all` and each fragment.
    boost::container::small_vector<std::size_t, 16> counts_;
    bool after_key_ = false;
};

// `text` as a JSON string literal, quotes included, appended to `out`.
void append_json_string(std::string& out, std::string_view text);

} // namespace fairseq2ctl

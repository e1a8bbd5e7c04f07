#include "fairseq2/yaml/reader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <yaml.h>
#include <yaml-cpp/yaml.h>

#include "fairseq2/support/text.hpp"

namespace fairseq2 {
namespace {

constexpr std::string_view core_tag_prefix = "tag:yaml.org,2002:";

Mark node_mark(const YAML::Mark& mark) {
    if (mark.is_null() || mark.line < 0)
        return {};
    return {static_cast<std::uint32_t>(mark.line + 1), static_cast<std::uint32_t>(mark.column + 1)};
}

// ruamel refuses these before parsing (its Reader's printable check); checking
// them first gives the exact line and column of the offending byte.
bool is_printable(std::uint32_t c) {
    return c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0x7E) || c == 0x85 ||
           (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

// The line and column (in characters) of byte `at` of valid UTF-8 text.
Mark mark_at(std::string_view text, std::size_t at) {
    std::string_view before = text.substr(0, at);
    std::size_t line_start = before.rfind('\n');
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    auto line = static_cast<std::uint32_t>(1 + std::count(before.begin(), before.end(), '\n'));
    // Characters, not bytes: every byte but a UTF-8 continuation byte.
    auto column = static_cast<std::uint32_t>(
        1 + std::count_if(before.begin() + static_cast<std::ptrdiff_t>(line_start), before.end(),
                          [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
    return {line, column};
}

std::optional<Diagnostic> check_text(std::string_view text, const std::string& file) {
    std::size_t i = 0;
    while (i < text.size()) {
        // Printable ASCII and line breaks, the bulk of every card file, need
        // no decoding.
        if (i + ByteBlock::size <= text.size()) {
            ByteBlock block{text.data() + i};
            ByteBlock::Mask breaks = block.equal('\n') | block.equal('\t') | block.equal('\r');
            if (ByteBlock::none(block.non_ascii() | (block.below(0x20) & ~breaks) | block.equal(0x7F))) {
                i += ByteBlock::size;
                continue;
            }
        }
        auto byte = static_cast<unsigned char>(text[i]);
        if ((byte >= 0x20 && byte <= 0x7E) || byte == '\n' || byte == '\t' || byte == '\r') {
            ++i;
            continue;
        }
        auto [length, code_point] = decode_utf8(text, i);
        auto problem_here = [&](std::string message) {
            Mark mark = mark_at(text, i);
            return Diagnostic{.code = DiagnosticCode::yaml_syntax,
                              .message = std::move(message),
                              .location = {file, mark.line, mark.column}};
        };
        if (length == 0)
            return problem_here(fmt::format("The byte 0x{:02X} is not valid UTF-8. Card files must be UTF-8 "
                                            "text; is this a binary file, or one saved in another encoding?",
                                            byte));
        if (!is_printable(code_point))
            return problem_here(
                fmt::format("The control character U+{:04X} is not allowed in YAML. Remove it; "
                            "if this is a binary file, it does not belong among the cards.",
                            code_point));
        i += length;
    }
    return std::nullopt;
}

// What makes two mapping keys one key to Python: `1`, `1.0` and `true` are
// one key, `"1"` another; every NaN that ruamel makes is one object.
std::string key_identity(const Value& key) {
    switch (key.kind()) {
    case Value::Kind::string: return "s" + key.as_string();
    case Value::Kind::boolean: return key.as_bool() ? "n1" : "n0";
    case Value::Kind::integer: return "n" + std::to_string(key.as_int());
    case Value::Kind::big_integer: return "n" + key.as_big_integer().digits;
    case Value::Kind::floating: {
        double d = key.as_float();
        if (std::isnan(d))
            return "nan";
        if (std::isfinite(d) && d == std::trunc(d))
            return std::fabs(d) < 9.2e18 ? "n" + std::to_string(static_cast<std::int64_t>(d))
                                         : "n" + fmt::format("{:.0f}", d);
        return "f" + fmt::format("{}", d);
    }
    case Value::Kind::null: return "z";
    case Value::Kind::timestamp: return (key.as_timestamp().date_only ? "d" : "t") + key.as_timestamp().iso;
    case Value::Kind::bytes: return "b" + key.as_bytes().data;
    case Value::Kind::list: {
        std::string identity = "(";
        for (const Value& item : key.as_list())
            identity += key_identity(item) + ",";
        return identity + ")";
    }
    default: return "?";
    }
}

// A key back as a value, for `!!pairs` (a list of key-value pairs).
Value key_value(const Field& field) {
    switch (field.key_kind()) {
    case Value::Kind::null: return Value{nullptr, field.key_mark};
    case Value::Kind::boolean: return Value{field.key == "true", field.key_mark};
    case Value::Kind::integer: return Value{std::int64_t{std::strtoll(field.key.c_str(), nullptr, 10)}, field.key_mark};
    case Value::Kind::floating: return Value{std::strtod(field.key.c_str(), nullptr), field.key_mark};
    default: return Value{field.key, field.key_mark};
    }
}

// Builds Values straight from the parser's events, as ruamel's safe
// constructor builds Python objects from its nodes.
class ValueBuilder {
public:
    ValueBuilder(const std::string& file, YamlFile& out) : file_(file), out_(out) {}

    void document_start(Mark mark, std::optional<YamlVersion> directive) {
        // ruamel's scanner keeps the last %YAML directive for the rest of
        // the stream, not only for its document.
        if (directive)
            version_ = *directive;
        document_ = YamlDocument{Value{}, mark, true};
        stack_.clear();
        anchors_.clear();
    }

    void document_end() { out_.documents.push_back(std::move(document_)); }

    void alias(Mark mark, std::string_view anchor) {
        auto found = anchors_.find(std::string{anchor});
        if (found == anchors_.end())
            fatal(mark, fmt::format("The alias *{} refers to an anchor that is not defined before "
                                    "it, or not complete yet (a recursive alias).",
                                    anchor));
        const Anchored& anchored = found->second;
        expanded_ += anchored.extent.nodes;
        if (expanded_ > max_alias_expansion)
            fatal(mark, fmt::format("Aliases in this file expand to more than {} values: this "
                                    "looks like an alias bomb (\"billion laughs\") and is refused.",
                                    max_alias_expansion));
        // The anchor's value is shared, not copied: an alias costs one node
        // however large its value is.
        complete(anchored.value, {}, mark, anchored.extent);
    }

    // `tag` is empty when the scalar has none; `plain` when it is unquoted.
    void scalar(Mark mark, std::string_view tag, std::string_view anchor, std::string_view text,
                bool plain) {
        if (plain && tag.empty() && text == "<<" && top_expects_key()) {
            take_merge_key(mark);
            return;
        }
        complete(typed_scalar(mark, tag, text, plain), anchor, mark, {1, 1});
    }

    void sequence_start(Mark mark, std::string_view tag, std::string_view anchor) {
        Shape shape = Shape::sequence;
        if (std::string_view type = core_type(mark, tag); type == "omap")
            shape = Shape::ordered_map;
        else if (type == "pairs")
            shape = Shape::pairs;
        else if (!type.empty() && type != "seq")
            wrong_node(mark, tag, "sequence");
        open(mark, anchor, Value{Value::List{}, mark}, shape);
    }

    void sequence_end() {
        Frame& frame = stack_.back();
        if (frame.shape == Shape::ordered_map || frame.shape == Shape::pairs)
            frame.node = pairs_of(frame);
        close();
    }

    void mapping_start(Mark mark, std::string_view tag, std::string_view anchor) {
        Shape shape = Shape::mapping;
        if (std::string_view type = core_type(mark, tag); type == "set")
            shape = Shape::set;
        else if (!type.empty() && type != "map")
            wrong_node(mark, tag, "mapping");
        open(mark, anchor, Value{Value::Map{}, mark}, shape);
    }

    void mapping_end() {
        finish_mapping(stack_.back());
        close();
    }

    [[noreturn]] void fatal(Mark mark, std::string message) {
        throw Error{Diagnostic{.code = DiagnosticCode::yaml_syntax,
                               .message = std::move(message),
                               .location = {file_, mark.line, mark.column}}};
    }

private:
    enum class Shape : std::uint8_t { sequence, mapping, set, ordered_map, pairs };

    // How big a value is as a tree, aliases expanded: its values, and the
    // levels of collections it nests (a scalar is 1). One budget bounds both
    // however the value was built (max_alias_expansion, max_yaml_depth).
    struct Extent {
        std::size_t nodes = 1;
        std::size_t depth = 1;
    };

    struct Anchored {
        Value value; // shared
        Extent extent;
    };

    // One key and value as written; the key's identity for keys that are
    // not strings (string keys compare by text); the key as a value for a
    // `!!set` member or a key that is not a string.
    struct Entry {
        Field field;
        std::string identity;
        Value key;
    };

    struct Frame {
        Value node;
        std::string anchor;
        Shape shape = Shape::sequence;
        // The node and what it holds so far.
        Extent extent;
        // Mapping state: the key waiting for its value, and whether the value
        // is a merge (`<<`).
        bool has_key = false;
        Value key;
        Mark key_mark;
        bool merge_value = false;
        bool has_merge = false;
        std::vector<Entry> entries;
        // The keys and values merge keys bring, in ruamel's order.
        std::vector<Entry> merged;
    };

    bool top_expects_key() const {
        return !stack_.empty() && (stack_.back().shape == Shape::mapping || stack_.back().shape == Shape::set) &&
               !stack_.back().has_key;
    }

    // The core type a tag names (`map` for `tag:yaml.org,2002:map`); empty for
    // no tag or the non-specific `!`. Other tags are refused, as ruamel's safe
    // loader has no constructor for them.
    std::string_view core_type(Mark mark, std::string_view tag) {
        if (tag.empty() || tag == "!")
            return {};
        if (tag.substr(0, core_tag_prefix.size()) != core_tag_prefix)
            unknown_tag(mark, tag);
        return tag.substr(core_tag_prefix.size());
    }

    [[noreturn]] void wrong_node(Mark mark, std::string_view tag, std::string_view node) {
        std::string_view type = tag.substr(core_tag_prefix.size());
        static constexpr std::string_view known[] = {"str", "int", "float", "bool", "null", "timestamp", "binary",
                                                     "seq", "map", "set", "omap", "pairs"};
        if (std::find(std::begin(known), std::end(known), type) == std::end(known))
            unknown_tag(mark, tag);
        fatal(mark, fmt::format("The tag '!!{}' cannot be used on a {}: ruamel's safe loader fails on it.",
                                type, node));
    }

    Value typed_scalar(Mark mark, std::string_view tag, std::string_view text, bool plain) {
        if (tag.empty())
            return plain ? type_plain_scalar(text, mark, version_) : Value{std::string{text}, mark};
        std::string_view type = core_type(mark, tag);
        if (type.empty())
            return Value{std::string{text}, mark};
        static constexpr std::string_view scalar_types[] = {"str",       "int",   "float", "bool",
                                                            "null",      "timestamp", "binary"};
        if (std::find(std::begin(scalar_types), std::end(scalar_types), type) == std::end(scalar_types))
            wrong_node(mark, tag, "scalar");
        return construct_tagged_scalar(type, text, mark, version_);
    }

    // Nested past max_yaml_depth, by the parser or through an alias.
    [[noreturn]] void too_deep(Mark mark) {
        fatal(mark, fmt::format("Collections are nested more than {} deep here (the values aliases bring "
                                "counted). fairseq2 cannot read this either: ruamel's loader stops at "
                                "Python's recursion limit, about 490 levels. Flatten the structure.",
                                max_yaml_depth));
    }

    [[noreturn]] void unknown_tag(Mark mark, std::string_view tag) {
        fatal(mark, fmt::format("The tag '{}' is not a YAML core tag. fairseq2 reads cards with a "
                                "safe loader that knows only the core tags (!!str, !!int, !!float, "
                                "!!bool, !!null, !!timestamp, !!binary, !!map, !!seq, !!set, !!omap, "
                                "!!pairs); remove the tag.",
                                tag));
    }

    void open(Mark mark, std::string_view anchor, Value node, Shape shape) {
        if (stack_.size() >= max_yaml_depth)
            too_deep(mark);
        Frame frame;
        frame.node = std::move(node);
        frame.anchor = anchor;
        frame.shape = shape;
        if (!spare_entries_.empty()) {
            frame.entries = std::move(spare_entries_.back());
            spare_entries_.pop_back();
        }
        stack_.push_back(std::move(frame));
    }

    void close() {
        Frame frame = std::move(stack_.back());
        stack_.pop_back();
        complete(std::move(frame.node), frame.anchor, frame.node.mark(), frame.extent);
        if (frame.entries.capacity() != 0) {
            frame.entries.clear();
            spare_entries_.push_back(std::move(frame.entries));
        }
    }

    void take_key(Value key, Mark mark) {
        // construct_mapping: a list key becomes a tuple; anything else that
        // is not hashable (a mapping, a set, a tuple holding a list) fails.
        bool hashable = !key.is_map() && key.kind() != Value::Kind::set;
        if (key.is_list())
            for (const Value& item : key.as_list())
                hashable = hashable && !item.is_list() && !item.is_map() && item.kind() != Value::Kind::set;
        if (!hashable)
            fatal(mark, "A mapping key is a mapping, a set or a list holding collections, which Python "
                        "cannot hash (\"found unhashable key\"). Card keys are names.");
        Frame& frame = stack_.back();
        frame.has_key = true;
        frame.key = std::move(key);
        frame.key_mark = mark;
        frame.merge_value = false;
    }

    void take_merge_key(Mark mark) {
        Frame& frame = stack_.back();
        if (!frame.merged.empty())
            fatal(mark, "A second merge key (<<) in one mapping: ruamel refuses it as a duplicate key. "
                        "Merge a list instead: `<<: [*a, *b]`.");
        frame.has_key = true;
        frame.key_mark = mark;
        frame.merge_value = true;
        frame.has_merge = true;
    }

    // `keep_key`: a `!!set` keeps its keys as values; a mapping needs only
    // the interned key (FieldKey), so the key Value is dropped.
    static Entry make_entry(Value key, Mark key_mark, Value value, bool keep_key) {
        Entry entry;
        entry.field.key_mark = key_mark;
        entry.field.value = std::move(value);
        if (!key.is_string()) {
            entry.field.key = FieldKey{key.key_text(), key.kind()};
            entry.identity = key_identity(key);
        } else {
            entry.field.key = FieldKey{key.as_string()};
            if (!keep_key)
                return entry;
        }
        entry.key = std::move(key);
        return entry;
    }

    // flatten_mapping: a mapping's entries, or a list of mappings' entries
    // with the later mappings first (so that earlier ones win).
    void take_merge(Frame& frame, const Value& source, Mark mark) {
        std::vector<const Value*> maps;
        if (source.is_map()) {
            maps.push_back(&source);
        } else if (source.is_list()) {
            for (const Value& item : source.as_list()) {
                if (!item.is_map())
                    fatal(item.mark().line ? item.mark() : mark,
                          "A merge key (<<) lists something that is not a mapping; ruamel expects a "
                          "mapping for merging.");
                maps.push_back(&item);
            }
            std::reverse(maps.begin(), maps.end());
        } else {
            fatal(mark, "A merge key (<<) must refer to a mapping or a list of mappings.");
        }
        for (const Value* map : maps)
            for (const Field& field : map->as_map()) {
                Entry entry;
                entry.field = field;
                if (!field.has_string_key())
                    entry.identity = key_identity(key_value(field));
                frame.merged.push_back(std::move(entry));
            }
    }

    void complete(Value value, std::string_view anchor, Mark mark, Extent extent) {
        // The value sits below the open collections: through an alias it
        // may nest deeper than the parser's own nesting ever does.
        if (stack_.size() + extent.depth > max_yaml_depth)
            too_deep(mark);
        if (!anchor.empty()) {
            value = std::move(value).shared();
            anchors_.insert_or_assign(std::string{anchor}, Anchored{value, extent});
        }
        if (stack_.empty()) {
            document_.root = std::move(value);
            return;
        }
        Frame& frame = stack_.back();
        frame.extent.nodes += extent.nodes;
        frame.extent.depth = std::max(frame.extent.depth, extent.depth + 1);
        if (frame.shape != Shape::mapping && frame.shape != Shape::set) {
            frame.node.as_list().push_back(std::move(value));
            return;
        }
        if (!frame.has_key) {
            take_key(std::move(value), mark);
            return;
        }
        frame.has_key = false;
        if (frame.merge_value) {
            take_merge(frame, value, frame.key_mark);
            return;
        }
        frame.entries.push_back(
            make_entry(std::move(frame.key), frame.key_mark, std::move(value), frame.shape == Shape::set));
    }

    static bool same_key(const Entry& a, const Entry& b) {
        if (a.field.has_string_key() != b.field.has_string_key())
            return false;
        return a.field.has_string_key() ? a.field.key == b.field.key : a.identity == b.identity;
    }

    // The entries as a Python dict builds them: one per key, at the place of
    // its first occurrence, with the value of its last.
    static std::vector<Entry> unique_entries(std::vector<Entry> entries) {
        std::vector<Entry> out;
        std::unordered_map<std::string, std::size_t> index;
        for (Entry& entry : entries) {
            std::string identity = entry.field.has_string_key() ? "s" + entry.field.key.str() : entry.identity;
            auto [it, inserted] = index.try_emplace(std::move(identity), out.size());
            if (inserted)
                out.push_back(std::move(entry));
            else
                out[it->second].field.value = std::move(entry.field.value);
        }
        return out;
    }

    // The first entry that repeats an earlier key, or none. Small mappings
    // (every real card) are scanned; a large one is hashed, so that a huge
    // mapping costs linear time.
    static std::optional<std::pair<std::size_t, std::size_t>> repeated_key(const std::vector<Entry>& entries) {
        constexpr std::size_t scan_limit = 32;
        if (entries.size() <= scan_limit) {
            for (std::size_t i = 1; i < entries.size(); ++i)
                for (std::size_t j = 0; j < i; ++j)
                    if (same_key(entries[i], entries[j]))
                        return std::pair{j, i};
            return std::nullopt;
        }
        std::unordered_map<std::string_view, std::size_t> strings;
        std::unordered_map<std::string_view, std::size_t> others;
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const Entry& e = entries[i];
            auto& seen = e.field.has_string_key() ? strings : others;
            auto [it, inserted] = seen.try_emplace(e.field.has_string_key() ? std::string_view{e.field.key}
                                                                            : std::string_view{e.identity},
                                                   i);
            if (!inserted)
                return std::pair{it->second, i};
        }
        return std::nullopt;
    }

    void finish_mapping(Frame& frame) {
        if (frame.has_merge) {
            // construct_mapping with merges checks no duplicate keys: the
            // merged entries, then the mapping's own, last value winning.
            std::vector<Entry> all = std::move(frame.merged);
            all.insert(all.end(), std::make_move_iterator(frame.entries.begin()),
                       std::make_move_iterator(frame.entries.end()));
            frame.entries = unique_entries(std::move(all));
        } else {
            while (auto repeat = repeated_key(frame.entries)) {
                const Field& first = frame.entries[repeat->first].field;
                const Field& again = frame.entries[repeat->second].field;
                out_.diagnostics.push_back(Diagnostic{
                    .code = DiagnosticCode::duplicate_key,
                    .message = fmt::format(
                        "The '{}' key appears twice in this mapping{}. fairseq2 refuses a "
                        "duplicate key; remove one of them.",
                        again.key,
                        first.key_mark.line ? fmt::format(" (first at line {})", first.key_mark.line) : ""),
                    .location = {file_, again.key_mark.line, again.key_mark.column}});
                document_.valid = false;
                frame.entries.erase(frame.entries.begin() + static_cast<std::ptrdiff_t>(repeat->second));
            }
        }
        if (frame.shape == Shape::set) {
            Value::Set members;
            for (Entry& entry : frame.entries)
                members.items.push_back(std::move(entry.key));
            frame.node = Value{std::move(members), frame.node.mark()};
            return;
        }
        Value::Map& map = frame.node.as_map();
        map.reserve(frame.entries.size());
        for (Entry& entry : frame.entries)
            map.push_back(std::move(entry.field));
    }

    // `!!omap` (a mapping) and `!!pairs` (a list of pairs) from a sequence of
    // one-entry mappings.
    Value pairs_of(Frame& frame) {
        Value::Map ordered;
        std::unordered_set<std::string> ordered_keys;
        Value::List pairs;
        for (Value& item : frame.node.as_list()) {
            if (!item.is_map() || item.as_map().size() != 1)
                fatal(item.mark().line ? item.mark() : frame.node.mark(),
                      "An ordered map (!!omap) or pairs (!!pairs) holds mappings of one key each.");
            Field& field = item.as_map()[0];
            if (frame.shape == Shape::pairs) {
                pairs.push_back(Value{Value::List{key_value(field), std::move(field.value)}, item.mark()});
                continue;
            }
            std::string typed_key = static_cast<char>('a' + static_cast<int>(field.key_kind())) + field.key.str();
            if (!ordered_keys.insert(std::move(typed_key)).second)
                fatal(field.key_mark, fmt::format("The '{}' key appears twice in an ordered map "
                                                  "(!!omap); ruamel fails on it.",
                                                  field.key));
            ordered.push_back(std::move(field));
        }
        if (frame.shape == Shape::pairs)
            return Value{std::move(pairs), frame.node.mark()};
        return Value{std::move(ordered), frame.node.mark()};
    }

    const std::string& file_;
    YamlFile& out_;
    YamlDocument document_;
    YamlVersion version_ = YamlVersion::v1_2;
    std::vector<Frame> stack_;
    // The entry lists of closed mappings, kept for the next ones to open: a
    // mapping's entries are moved into its Value on closing, and reusing the
    // list saves growing a new one for every mapping of the file.
    std::vector<std::vector<Entry>> spare_entries_;
    std::unordered_map<std::string, Anchored> anchors_;
    std::size_t expanded_ = 0;
};

// libyaml's parser, owned.
class LibyamlParser {
public:
    explicit LibyamlParser(std::string_view text) {
        yaml_parser_initialize(&parser_);
        yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                     text.size());
    }
    ~LibyamlParser() { yaml_parser_delete(&parser_); }
    LibyamlParser(const LibyamlParser&) = delete;
    LibyamlParser& operator=(const LibyamlParser&) = delete;

    yaml_parser_t* get() noexcept { return &parser_; }

private:
    yaml_parser_t parser_;
};

class Event {
public:
    Event() = default;
    ~Event() {
        if (parsed)
            yaml_event_delete(&event);
    }
    Event(const Event&) = delete;
    Event& operator=(const Event&) = delete;

    // Not zeroed here: yaml_parser_parse() clears it first, and zeroing its
    // 112 bytes for every event showed in profiles.
    yaml_event_t event;
    bool parsed = false;
};

Mark to_mark(const yaml_mark_t& mark) {
    return {static_cast<std::uint32_t>(mark.line + 1), static_cast<std::uint32_t>(mark.column + 1)};
}

std::string_view text_of(const yaml_char_t* text) {
    return text ? std::string_view{reinterpret_cast<const char*>(text)} : std::string_view{};
}

// Feeds libyaml's events to the builder until the stream ends.
void parse_events(yaml_parser_t* parser, ValueBuilder& builder, const std::string& file) {
    while (true) {
        Event holder;
        if (!yaml_parser_parse(parser, &holder.event)) {
            std::string problem = parser->problem ? parser->problem : "invalid YAML";
            if (parser->context)
                problem = std::string{parser->context} + ": " + problem;
            if (!problem.empty())
                problem[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(problem[0])));
            throw Error{Diagnostic{
                .code = DiagnosticCode::yaml_syntax,
                .message =
                    fmt::format("{}. The file is not valid YAML; fix the syntax at this position.", problem),
                .location = {file, to_mark(parser->problem_mark).line,
                             to_mark(parser->problem_mark).column}}};
        }
        holder.parsed = true;
        const yaml_event_t& e = holder.event;
        Mark mark = to_mark(e.start_mark);
        switch (e.type) {
        case YAML_STREAM_END_EVENT: return;
        case YAML_DOCUMENT_START_EVENT: {
            std::optional<YamlVersion> version;
            if (const yaml_version_directive_t* directive = e.data.document_start.version_directive) {
                // ruamel reads 1.1 and 1.2 and fails on any other version.
                if (directive->major != 1 || (directive->minor != 1 && directive->minor != 2))
                    builder.fatal(mark, fmt::format("The directive %YAML {}.{} names a version ruamel "
                                                    "cannot read; use %YAML 1.2 or 1.1, or none.",
                                                    directive->major, directive->minor));
                version = directive->minor == 1 ? YamlVersion::v1_1 : YamlVersion::v1_2;
            }
            builder.document_start(mark, version);
            break;
        }
        case YAML_DOCUMENT_END_EVENT: builder.document_end(); break;
        case YAML_ALIAS_EVENT: builder.alias(mark, text_of(e.data.alias.anchor)); break;
        case YAML_SCALAR_EVENT:
            builder.scalar(mark, text_of(e.data.scalar.tag), text_of(e.data.scalar.anchor),
                           std::string_view{reinterpret_cast<const char*>(e.data.scalar.value),
                                            e.data.scalar.length},
                           e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE);
            break;
        case YAML_SEQUENCE_START_EVENT:
            builder.sequence_start(mark, text_of(e.data.sequence_start.tag),
                                   text_of(e.data.sequence_start.anchor));
            break;
        case YAML_SEQUENCE_END_EVENT: builder.sequence_end(); break;
        case YAML_MAPPING_START_EVENT:
            builder.mapping_start(mark, text_of(e.data.mapping_start.tag),
                                  text_of(e.data.mapping_start.anchor));
            break;
        case YAML_MAPPING_END_EVENT: builder.mapping_end(); break;
        default: break;
        }
    }
}

} // namespace

YamlFile read_yaml(std::string_view text, const std::string& file) {
    YamlFile result;
    if (auto problem = check_text(text, file)) {
        result.diagnostics.push_back(std::move(*problem));
        return result;
    }

    ValueBuilder builder{file, result};
    LibyamlParser parser{text};
    try {
        parse_events(parser.get(), builder, file);
    } catch (const Error& error) {
        result.diagnostics.push_back(error.diagnostic());
    }
    return result;
}

Value read_yaml_value(std::string_view text) {
    YamlFile file = read_yaml("value: " + std::string{text} + "\n", "value");
    if (!file.diagnostics.empty() || file.documents.size() != 1 || !file.documents[0].root.is_map() ||
        file.documents[0].root.as_map().size() != 1)
        throw Error{{.code = DiagnosticCode::invalid_argument,
                     .message = fmt::format("'{}' is not one YAML value{}. Quote it, or write it as YAML "
                                            "writes a value after `key: `.",
                                            text,
                                            file.diagnostics.empty() ? "" : " (" + file.diagnostics[0].message + ")")}};
    return file.documents[0].root.as_map()[0].value;
}

namespace {

// Walks an in-memory yaml-cpp node as the parser would read its text, so that
// it is typed, checked for duplicate keys and bounded in depth by the same
// builder as a file. yaml-cpp has already resolved aliases into shared
// nodes, so a node may be a DAG or even contain itself: the walk counts every
// value it visits against the alias budget, and the builder's depth limit
// stops a cycle.
class NodeWalker {
public:
    explicit NodeWalker(ValueBuilder& builder) : builder_(builder) {}

    void walk(const YAML::Node& node) {
        Mark mark = node_mark(node.Mark());
        if (++visited_ > max_alias_expansion)
            builder_.fatal(mark, fmt::format("The in-memory card expands to more than {} values: it "
                                             "shares or repeats nodes like an alias bomb.",
                                             max_alias_expansion));
        switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null: builder_.scalar(mark, {}, {}, "null", true); return;
        case YAML::NodeType::Scalar: {
            // yaml-cpp tags a parsed plain scalar `?`, a quoted one `!`, and
            // leaves a scalar built in code untagged (typed as plain).
            const std::string& tag = node.Tag();
            bool plain = tag.empty() || tag == "?";
            builder_.scalar(mark, plain ? std::string_view{} : std::string_view{tag}, {}, node.Scalar(), plain);
            return;
        }
        case YAML::NodeType::Sequence:
            builder_.sequence_start(mark, collection_tag(node), {});
            for (const YAML::Node& item : node)
                walk(item);
            builder_.sequence_end();
            return;
        case YAML::NodeType::Map:
            builder_.mapping_start(mark, collection_tag(node), {});
            for (const auto& entry : node) {
                walk(entry.first);
                walk(entry.second);
            }
            builder_.mapping_end();
            return;
        }
    }

private:
    static std::string_view collection_tag(const YAML::Node& node) {
        const std::string& tag = node.Tag();
        return tag == "?" ? std::string_view{} : std::string_view{tag};
    }

    ValueBuilder& builder_;
    std::size_t visited_ = 0;
};

} // namespace

YamlFile read_yaml(const YAML::Node& node, const std::string& name) {
    YamlFile result;
    ValueBuilder builder{name, result};
    try {
        builder.document_start(node_mark(node.Mark()), std::nullopt);
        NodeWalker{builder}.walk(node);
        builder.document_end();
    } catch (const Error& error) {
        result.diagnostics.push_back(error.diagnostic());
        result.documents.clear();
    }
    return result;
}

} // namespace fairseq2

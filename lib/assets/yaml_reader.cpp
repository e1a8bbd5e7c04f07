#include "fairseq2/assets/yaml_reader.hpp"

#include <cctype>
#include <cstdint>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>
#include <yaml.h>
#include <yaml-cpp/yaml.h>

namespace fairseq2 {
namespace {

constexpr std::string_view core_tag_prefix = "tag:yaml.org,2002:";

Mark node_mark(const YAML::Mark& mark) {
    if (mark.is_null() || mark.line < 0)
        return {};
    return {static_cast<std::uint32_t>(mark.line + 1), static_cast<std::uint32_t>(mark.column + 1)};
}

Diagnostic yaml_diagnostic(const std::string& file, Mark mark, std::string code, std::string message) {
    Diagnostic d;
    d.code = std::move(code);
    d.message = std::move(message);
    d.location = {file, mark.line, mark.column};
    return d;
}

// ruamel refuses these before parsing (its Reader's printable check); checking
// them first gives the exact line and column of the offending byte.
bool is_printable(std::uint32_t c) {
    return c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0x7E) || c == 0x85 ||
           (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

std::optional<Diagnostic> check_text(std::string_view text, const std::string& file) {
    Mark mark{1, 1};
    std::size_t i = 0;
    while (i < text.size()) {
        auto byte = static_cast<unsigned char>(text[i]);
        std::uint32_t code_point = byte;
        std::size_t length = 1;
        if (byte >= 0x80) {
            std::uint32_t min = 0;
            if ((byte & 0xE0) == 0xC0) {
                length = 2, code_point = byte & 0x1F, min = 0x80;
            } else if ((byte & 0xF0) == 0xE0) {
                length = 3, code_point = byte & 0x0F, min = 0x800;
            } else if ((byte & 0xF8) == 0xF0) {
                length = 4, code_point = byte & 0x07, min = 0x10000;
            } else {
                length = 0;
            }
            bool valid = length != 0 && i + length <= text.size();
            for (std::size_t k = 1; valid && k < length; ++k) {
                auto next = static_cast<unsigned char>(text[i + k]);
                valid = (next & 0xC0) == 0x80;
                code_point = (code_point << 6) | (next & 0x3F);
            }
            if (!valid || code_point < min || code_point > 0x10FFFF ||
                (code_point >= 0xD800 && code_point <= 0xDFFF))
                return yaml_diagnostic(
                    file, mark, "yaml-syntax",
                    fmt::format("The byte 0x{:02X} is not valid UTF-8. Card files must be UTF-8 "
                                "text; is this a binary file, or one saved in another encoding?",
                                byte));
        }
        if (!is_printable(code_point))
            return yaml_diagnostic(
                file, mark, "yaml-syntax",
                fmt::format("The control character U+{:04X} is not allowed in YAML. Remove it; "
                            "if this is a binary file, it does not belong among the cards.",
                            code_point));
        if (code_point == '\n') {
            ++mark.line;
            mark.column = 1;
        } else {
            ++mark.column;
        }
        i += length;
    }
    return std::nullopt;
}

// Builds Values straight from the parser's events.
class ValueBuilder {
public:
    ValueBuilder(const std::string& file, YamlFile& out) : file_(file), out_(out) {}

    void document_start(Mark mark) {
        document_ = YamlDocument{Value{}, mark, true};
        stack_.clear();
        anchors_.clear();
    }

    void document_end() { out_.documents.push_back(std::move(document_)); }

    void alias(Mark mark, const std::string& anchor) {
        auto found = anchors_.find(anchor);
        if (found == anchors_.end())
            fatal(mark, fmt::format("The alias *{} refers to an anchor that is not defined before "
                                    "it, or not complete yet (a recursive alias).",
                                    anchor));
        if (top_expects_key()) {
            const Value& v = found->second.value;
            if (v.is_map() || v.is_list())
                fatal(mark, "A mapping key is an alias of a collection. Card keys must be plain "
                            "names.");
            take_key(mark, scalar_text(v), false);
            return;
        }
        expanded_ += found->second.nodes;
        if (expanded_ > max_alias_expansion)
            fatal(mark, fmt::format("Aliases in this file expand to more than {} values: this "
                                    "looks like an alias bomb (\"billion laughs\") and is refused.",
                                    max_alias_expansion));
        complete(found->second.value, {});
    }

    // `tag` is empty when the scalar has none; `plain` when it is unquoted.
    void scalar(Mark mark, std::string_view tag, const std::string& anchor, std::string_view text,
                bool plain) {
        if (take_key(mark, std::string{text}, plain && tag.empty() && text == "<<"))
            return;
        complete(typed_scalar(mark, tag, text, plain), anchor);
    }

    void sequence_start(Mark mark, std::string_view tag, const std::string& anchor) {
        open(mark, tag, anchor, Value{Value::List{}, mark}, "seq");
    }

    void sequence_end() { close(); }

    void mapping_start(Mark mark, std::string_view tag, const std::string& anchor) {
        open(mark, tag, anchor, Value{Value::Map{}, mark}, "map");
    }

    void mapping_end() {
        apply_merges(stack_.back());
        close();
    }

    [[noreturn]] void fatal(Mark mark, std::string message) {
        throw Error{yaml_diagnostic(file_, mark, "yaml-syntax", std::move(message))};
    }

private:
    struct Anchored {
        Value value;
        std::size_t nodes;
    };

    struct Frame {
        Value node;
        std::string anchor;
        // Mapping state: the key waiting for its value, and whether the value
        // is to be dropped (a duplicate key) or merged (a `<<` key).
        bool has_key = false;
        std::string key;
        Mark key_mark;
        bool discard_value = false;
        bool merge_value = false;
        std::vector<Value> merges;
        // Key -> position, for large mappings only (see find_field).
        std::unordered_map<std::string, std::size_t> index;
    };

    bool top_expects_key() const {
        return !stack_.empty() && stack_.back().node.is_map() && !stack_.back().has_key;
    }

    static std::string scalar_text(const Value& v) {
        switch (v.kind()) {
        case Value::Kind::string: return v.as_string();
        case Value::Kind::boolean: return v.as_bool() ? "true" : "false";
        case Value::Kind::integer: return std::to_string(v.as_int());
        case Value::Kind::floating: return fmt::format("{}", v.as_float());
        default: return "";
        }
    }

    // The field of the mapping with that key. Small mappings (every real
    // card) are scanned; a large one gets an index, so that a huge mapping
    // costs linear time, not quadratic.
    static const Field* find_field(Frame& frame, const std::string& key) {
        const Value::Map& map = frame.node.as_map();
        constexpr std::size_t scan_limit = 32;
        if (map.size() <= scan_limit) {
            for (const Field& field : map)
                if (field.key == key)
                    return &field;
            return nullptr;
        }
        for (std::size_t i = frame.index.size(); i < map.size(); ++i)
            frame.index.emplace(map[i].key, i);
        auto found = frame.index.find(key);
        return found == frame.index.end() ? nullptr : &map[found->second];
    }

    // When the innermost collection is a mapping waiting for a key, `text`
    // is that key.
    bool take_key(Mark mark, std::string text, bool is_merge) {
        if (!top_expects_key())
            return false;
        Frame& frame = stack_.back();
        frame.has_key = true;
        frame.key_mark = mark;
        frame.merge_value = is_merge;
        frame.discard_value = false;
        if (!is_merge) {
            if (const Field* first = find_field(frame, text)) {
                out_.diagnostics.push_back(yaml_diagnostic(
                    file_, mark, "duplicate-key",
                    fmt::format("The '{}' key appears twice in this mapping{}. fairseq2 refuses a "
                                "duplicate key; remove one of them.",
                                text,
                                first->key_mark.line
                                    ? fmt::format(" (first at line {})", first->key_mark.line)
                                    : "")));
                document_.valid = false;
                frame.discard_value = true;
            }
        }
        frame.key = std::move(text);
        return true;
    }

    Value typed_scalar(Mark mark, std::string_view tag, std::string_view text, bool plain) {
        if (tag.empty())
            return plain ? type_plain_scalar(text, mark) : Value{std::string{text}, mark};
        if (tag == "!")
            return Value{std::string{text}, mark};
        if (tag.substr(0, core_tag_prefix.size()) != core_tag_prefix)
            unknown_tag(mark, tag);
        std::string_view type = tag.substr(core_tag_prefix.size());
        if (type != "str" && type != "timestamp" && type != "int" && type != "float" &&
            type != "bool" && type != "null")
            unknown_tag(mark, tag);
        if (type == "str" || type == "timestamp")
            return Value{std::string{text}, mark};
        Value typed = type_plain_scalar(text, mark);
        if (type == "float" && typed.kind() == Value::Kind::integer)
            return Value{static_cast<double>(typed.as_int()), mark};
        bool ok = (type == "int" && typed.kind() == Value::Kind::integer) ||
                  (type == "float" && typed.kind() == Value::Kind::floating) ||
                  (type == "bool" && typed.kind() == Value::Kind::boolean) ||
                  (type == "null" && typed.is_null());
        if (!ok)
            fatal(mark, fmt::format("The scalar '{}' cannot be read as !!{}.", text, type));
        return typed;
    }

    [[noreturn]] void unknown_tag(Mark mark, std::string_view tag) {
        fatal(mark, fmt::format("The tag '{}' is not a YAML core tag. fairseq2 reads cards with a "
                                "safe loader that knows only the core tags (!!str, !!int, !!float, "
                                "!!bool, !!null, !!map, !!seq); remove the tag.",
                                tag));
    }

    void open(Mark mark, std::string_view tag, const std::string& anchor, Value node,
              std::string_view core_type) {
        if (top_expects_key())
            fatal(mark, "A mapping key is itself a collection. Card keys must be plain names.");
        if (!tag.empty() && tag != "!" &&
            !(tag.substr(0, core_tag_prefix.size()) == core_tag_prefix &&
              tag.substr(core_tag_prefix.size()) == core_type))
            unknown_tag(mark, tag);
        if (stack_.size() >= max_yaml_depth)
            fatal(mark, fmt::format("Collections are nested more than {} deep here. fairseq2 "
                                    "cannot read this either (Python's recursion limit); flatten "
                                    "the structure.",
                                    max_yaml_depth));
        Frame frame;
        frame.node = std::move(node);
        frame.anchor = anchor;
        stack_.push_back(std::move(frame));
    }

    void close() {
        Frame frame = std::move(stack_.back());
        stack_.pop_back();
        complete(std::move(frame.node), frame.anchor);
    }

    // YAML merge keys (`<<: *base`), as ruamel's safe loader applies them:
    // keys written in the mapping win over merged ones.
    void apply_merges(Frame& frame) {
        for (const Value& source : frame.merges) {
            std::vector<const Value*> maps;
            if (source.is_map())
                maps.push_back(&source);
            else if (source.is_list())
                for (const Value& item : source.as_list())
                    maps.push_back(&item);
            for (const Value* map : maps) {
                if (!map->is_map())
                    fatal(source.mark(), "A merge key (<<) must refer to a mapping or a list of "
                                         "mappings.");
                for (const Field& field : map->as_map())
                    if (!frame.node.find(field.key))
                        frame.node.as_map().push_back(field);
            }
        }
    }

    void complete(Value value, const std::string& anchor) {
        if (!anchor.empty()) {
            std::size_t nodes = value.node_count();
            anchors_.insert_or_assign(anchor, Anchored{value, nodes});
        }
        if (stack_.empty()) {
            document_.root = std::move(value);
            return;
        }
        Frame& frame = stack_.back();
        if (frame.node.is_list()) {
            frame.node.as_list().push_back(std::move(value));
            return;
        }
        frame.has_key = false;
        if (frame.discard_value)
            return;
        if (frame.merge_value) {
            frame.merges.push_back(std::move(value));
            return;
        }
        frame.node.as_map().push_back(Field{std::move(frame.key), frame.key_mark, std::move(value)});
    }

    const std::string& file_;
    YamlFile& out_;
    YamlDocument document_;
    std::vector<Frame> stack_;
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

    yaml_event_t event{};
    bool parsed = false;
};

Mark to_mark(const yaml_mark_t& mark) {
    return {static_cast<std::uint32_t>(mark.line + 1), static_cast<std::uint32_t>(mark.column + 1)};
}

std::string_view text_of(const yaml_char_t* text) {
    return text ? std::string_view{reinterpret_cast<const char*>(text)} : std::string_view{};
}

std::string anchor_of(const yaml_char_t* anchor) {
    return std::string{text_of(anchor)};
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
            throw Error{yaml_diagnostic(
                file, to_mark(parser->problem_mark), "yaml-syntax",
                fmt::format("{}. The file is not valid YAML; fix the syntax at this position.",
                            problem))};
        }
        holder.parsed = true;
        const yaml_event_t& e = holder.event;
        Mark mark = to_mark(e.start_mark);
        switch (e.type) {
        case YAML_STREAM_END_EVENT: return;
        case YAML_DOCUMENT_START_EVENT: builder.document_start(mark); break;
        case YAML_DOCUMENT_END_EVENT: builder.document_end(); break;
        case YAML_ALIAS_EVENT: builder.alias(mark, anchor_of(e.data.alias.anchor)); break;
        case YAML_SCALAR_EVENT:
            builder.scalar(mark, text_of(e.data.scalar.tag), anchor_of(e.data.scalar.anchor),
                           std::string_view{reinterpret_cast<const char*>(e.data.scalar.value),
                                            e.data.scalar.length},
                           e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE);
            break;
        case YAML_SEQUENCE_START_EVENT:
            builder.sequence_start(mark, text_of(e.data.sequence_start.tag),
                                   anchor_of(e.data.sequence_start.anchor));
            break;
        case YAML_SEQUENCE_END_EVENT: builder.sequence_end(); break;
        case YAML_MAPPING_START_EVENT:
            builder.mapping_start(mark, text_of(e.data.mapping_start.tag),
                                  anchor_of(e.data.mapping_start.anchor));
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

namespace {

Value convert_node(const YAML::Node& node, std::size_t& budget) {
    if (budget == 0)
        throw Error{"yaml-syntax", fmt::format("The in-memory card expands to more than {} values.",
                                               max_alias_expansion)};
    --budget;
    Mark mark = node_mark(node.Mark());
    switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null: return Value{nullptr, mark};
    case YAML::NodeType::Scalar:
        if (node.Tag() == "!" || node.Tag() == std::string{core_tag_prefix} + "str")
            return Value{node.Scalar(), mark};
        return type_plain_scalar(node.Scalar(), mark);
    case YAML::NodeType::Sequence: {
        Value::List list;
        for (const YAML::Node& item : node)
            list.push_back(convert_node(item, budget));
        return Value{std::move(list), mark};
    }
    case YAML::NodeType::Map: {
        Value map{Value::Map{}, mark};
        for (const auto& entry : node) {
            std::string key = entry.first.IsScalar() ? entry.first.Scalar() : std::string{};
            if (map.find(key))
                throw Error{"duplicate-key",
                            fmt::format("The '{}' key appears twice in an in-memory card.", key)};
            map.as_map().push_back(
                Field{std::move(key), node_mark(entry.first.Mark()), convert_node(entry.second, budget)});
        }
        return map;
    }
    }
    return Value{nullptr, mark};
}

} // namespace

Value value_from_node(const YAML::Node& node) {
    std::size_t budget = max_alias_expansion;
    return convert_node(node, budget);
}

} // namespace fairseq2

#include "fairseq2/assets/yaml_reader.hpp"

#include <cstdint>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

namespace fairseq2 {
namespace {

constexpr std::string_view core_tag_prefix = "tag:yaml.org,2002:";

Mark to_mark(const YAML::Mark& mark) {
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

// ruamel refuses these before parsing (its Reader's printable check), and
// yaml-cpp would silently replace invalid UTF-8, so both are checked here.
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

// Builds Values straight from yaml-cpp's parser events.
class ValueBuilder final : public YAML::EventHandler {
public:
    ValueBuilder(const std::string& file, YamlFile& out) : file_(file), out_(out) {}

    void OnDocumentStart(const YAML::Mark& mark) override {
        document_ = YamlDocument{Value{}, to_mark(mark), true};
        stack_.clear();
        anchors_.clear();
    }

    void OnDocumentEnd() override { out_.documents.push_back(std::move(document_)); }

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        if (take_key(to_mark(mark), "", false))
            return;
        complete(Value{nullptr, to_mark(mark)}, anchor);
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        auto found = anchors_.find(anchor);
        if (found == anchors_.end())
            fatal(to_mark(mark), "An alias refers to an anchor that is not complete yet (a "
                                 "recursive alias). Aliases may only refer to finished nodes.");
        if (top_expects_key()) {
            const Value& v = found->second.value;
            if (v.is_map() || v.is_list())
                fatal(to_mark(mark), "A mapping key is an alias of a collection. Card keys must "
                                     "be plain names.");
            take_key(to_mark(mark), scalar_text(v), false);
            return;
        }
        expanded_ += found->second.nodes;
        if (expanded_ > max_alias_expansion)
            fatal(to_mark(mark),
                  fmt::format("Aliases in this file expand to more than {} values: this looks like "
                              "an alias bomb (\"billion laughs\") and is refused.",
                              max_alias_expansion));
        complete(found->second.value, YAML::NullAnchor);
    }

    void OnScalar(const YAML::Mark& yaml_mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& text) override {
        Mark mark = to_mark(yaml_mark);
        if (take_key(mark, text, tag == "?" && text == "<<"))
            return;
        complete(typed_scalar(mark, tag, text), anchor);
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(to_mark(mark), tag, anchor, Value{Value::List{}, to_mark(mark)}, "seq");
    }

    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(to_mark(mark), tag, anchor, Value{Value::Map{}, to_mark(mark)}, "map");
    }

    void OnMapEnd() override {
        apply_merges(stack_.back());
        close();
    }

private:
    struct Anchored {
        Value value;
        std::size_t nodes;
    };

    struct Frame {
        Value node;
        YAML::anchor_t anchor = YAML::NullAnchor;
        // Mapping state: the key waiting for its value, and whether the value
        // is to be dropped (a duplicate key) or merged (a `<<` key).
        bool has_key = false;
        std::string key;
        Mark key_mark;
        bool discard_value = false;
        bool merge_value = false;
        std::vector<Value> merges;
        std::unordered_set<std::string> keys;
    };

    [[noreturn]] void fatal(Mark mark, std::string message) {
        throw Error{yaml_diagnostic(file_, mark, "yaml-syntax", std::move(message))};
    }

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

    // When the innermost collection is a mapping waiting for a key, `text`
    // is that key.
    bool take_key(Mark mark, const std::string& text, bool is_merge) {
        if (!top_expects_key())
            return false;
        Frame& frame = stack_.back();
        frame.has_key = true;
        frame.key = text;
        frame.key_mark = mark;
        frame.merge_value = is_merge;
        frame.discard_value = false;
        if (is_merge)
            return true;
        if (!frame.keys.insert(text).second) {
            const Field* first = nullptr;
            for (const Field& f : frame.node.as_map())
                if (f.key == text)
                    first = &f;
            out_.diagnostics.push_back(yaml_diagnostic(
                file_, mark, "duplicate-key",
                fmt::format("The '{}' key appears twice in this mapping{}. fairseq2 refuses a "
                            "duplicate key; remove one of them.",
                            text,
                            first && first->key_mark.line
                                ? fmt::format(" (first at line {})", first->key_mark.line)
                                : "")));
            document_.valid = false;
            frame.discard_value = true;
        }
        return true;
    }

    Value typed_scalar(Mark mark, const std::string& tag, const std::string& text) {
        if (tag == "?")
            return type_plain_scalar(text, mark);
        if (tag == "!")
            return Value{text, mark};
        if (tag.rfind(core_tag_prefix, 0) != 0)
            unknown_tag(mark, tag);
        std::string_view type = std::string_view{tag}.substr(core_tag_prefix.size());
        if (type != "str" && type != "timestamp" && type != "int" && type != "float" &&
            type != "bool" && type != "null")
            unknown_tag(mark, tag);
        if (type == "str" || type == "timestamp")
            return Value{text, mark};
        Value typed = type_plain_scalar(text, mark);
        bool ok = (type == "int" && typed.kind() == Value::Kind::integer) ||
                  (type == "float" && typed.kind() == Value::Kind::floating) ||
                  (type == "bool" && typed.kind() == Value::Kind::boolean) ||
                  (type == "null" && typed.is_null());
        if (type == "float" && typed.kind() == Value::Kind::integer)
            return Value{static_cast<double>(typed.as_int()), mark};
        if (!ok)
            fatal(mark, fmt::format("The scalar '{}' cannot be read as !!{}.", text, type));
        return typed;
    }

    [[noreturn]] void unknown_tag(Mark mark, const std::string& tag) {
        fatal(mark, fmt::format("The tag '{}' is not a YAML core tag. fairseq2 reads cards with a "
                                "safe loader that knows only the core tags (!!str, !!int, !!float, "
                                "!!bool, !!null, !!map, !!seq); remove the tag.",
                                tag));
    }

    void open(Mark mark, const std::string& tag, YAML::anchor_t anchor, Value node,
              std::string_view core_type) {
        if (top_expects_key())
            fatal(mark, "A mapping key is itself a collection. Card keys must be plain names.");
        if (!tag.empty() && tag != "?" && tag != "!" &&
            tag != std::string{core_tag_prefix} + std::string{core_type})
            unknown_tag(mark, tag);
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
                    if (frame.keys.insert(field.key).second)
                        frame.node.as_map().push_back(field);
            }
        }
    }

    void complete(Value value, YAML::anchor_t anchor) {
        if (anchor != YAML::NullAnchor) {
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
    std::unordered_map<YAML::anchor_t, Anchored> anchors_;
    std::size_t expanded_ = 0;
};

} // namespace

YamlFile read_yaml(std::string_view text, const std::string& file) {
    YamlFile result;
    if (auto problem = check_text(text, file)) {
        result.diagnostics.push_back(std::move(*problem));
        return result;
    }

    // yaml-cpp reads from a stream; a string stream over the text is the
    // cheapest way to give it one.
    std::istringstream stream{std::string{text}};
    ValueBuilder builder{file, result};
    try {
        YAML::Parser parser{stream};
        while (parser.HandleNextDocument(builder)) {
        }
    } catch (const Error& error) {
        result.diagnostics.push_back(error.diagnostic());
    } catch (const YAML::Exception& error) {
        std::string message = error.msg;
        if (!message.empty())
            message[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(message[0])));
        result.diagnostics.push_back(yaml_diagnostic(
            file, to_mark(error.mark), "yaml-syntax",
            fmt::format("{}. The file is not valid YAML; fix the syntax at this position.", message)));
    }
    return result;
}

namespace {

Value convert_node(const YAML::Node& node, std::size_t& budget) {
    if (budget == 0)
        throw Error{"yaml-syntax", fmt::format("The in-memory card expands to more than {} values.",
                                               max_alias_expansion)};
    --budget;
    Mark mark = to_mark(node.Mark());
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
                Field{std::move(key), to_mark(entry.first.Mark()), convert_node(entry.second, budget)});
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

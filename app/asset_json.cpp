#include "asset_json.hpp"

#include <cmath>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace fairseq2ctl {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
using fairseq2::Value;

void string(Writer& w, std::string_view text) {
    w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void key(Writer& w, std::string_view text) {
    w.Key(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void value(Writer& w, const Value& v) {
    switch (v.kind()) {
    case Value::Kind::null: w.Null(); return;
    case Value::Kind::boolean: w.Bool(v.as_bool()); return;
    case Value::Kind::integer: w.Int64(v.as_int()); return;
    case Value::Kind::floating: {
        double d = v.as_float();
        // JSON has no inf or nan; YAML's spellings keep them readable.
        if (std::isnan(d))
            string(w, ".nan");
        else if (std::isinf(d))
            string(w, d > 0 ? ".inf" : "-.inf");
        else
            w.Double(d);
        return;
    }
    case Value::Kind::string: string(w, v.as_string()); return;
    case Value::Kind::list:
        w.StartArray();
        for (const Value& item : v.as_list())
            value(w, item);
        w.EndArray();
        return;
    case Value::Kind::map:
        w.StartObject();
        for (const auto& field : v.as_map()) {
            key(w, field.key);
            value(w, field.value);
        }
        w.EndObject();
        return;
    }
}

std::string finish(const rapidjson::StringBuffer& buffer) {
    return {buffer.GetString(), buffer.GetSize()};
}

void error_object(Writer& w, const fairseq2::Diagnostic& error) {
    w.StartObject();
    key(w, "code");
    string(w, error.code);
    key(w, "message");
    string(w, error.message);
    if (!error.location.file.empty()) {
        key(w, "file");
        string(w, error.location.file);
        key(w, "line");
        w.Uint(error.location.line);
        key(w, "column");
        w.Uint(error.location.column);
    }
    if (!error.hint.empty()) {
        key(w, "hint");
        string(w, error.hint);
    }
    w.EndObject();
}

} // namespace

std::string resolved_asset_json(const fairseq2::ResolvedCard& card,
                                const std::vector<fairseq2::CardLocation>& locations,
                                const std::vector<NamedValue>& extra) {
    rapidjson::StringBuffer buffer;
    Writer w{buffer};
    w.StartObject();
    key(w, "fields");
    w.StartObject();
    for (const auto& field : card.fields()) {
        key(w, *field.key);
        value(w, *field.value);
    }
    w.EndObject();
    key(w, "provenance");
    w.StartObject();
    for (const auto& field : card.fields()) {
        key(w, *field.key);
        w.StartObject();
        key(w, "card");
        string(w, field.card->display_name());
        key(w, "file");
        string(w, field.location.file);
        key(w, "line");
        w.Uint(field.location.line);
        w.EndObject();
    }
    w.EndObject();
    key(w, "chain");
    w.StartArray();
    for (const auto& level : card.chain())
        string(w, level.card->base_name());
    w.EndArray();
    key(w, "overlay");
    if (card.overlay())
        string(w, card.overlay()->name);
    else
        w.Null();
    // What fairseq2 opens for each location field it reads: the URI, the
    // card it is read from, or why it fails.
    key(w, "locations");
    w.StartObject();
    for (const fairseq2::CardLocation& location : locations) {
        key(w, location.field);
        w.StartObject();
        key(w, "card");
        string(w, location.card);
        if (location.location) {
            key(w, "uri");
            string(w, location.location->uri);
        } else {
            key(w, "error");
            error_object(w, *location.error);
        }
        w.EndObject();
    }
    w.EndObject();
    for (const NamedValue& named : extra) {
        key(w, named.key);
        value(w, named.value);
    }
    w.EndObject();
    return finish(buffer);
}

std::string value_json(const fairseq2::Value& v) {
    rapidjson::StringBuffer buffer;
    Writer w{buffer};
    value(w, v);
    return finish(buffer);
}

std::string failed_asset_json(const fairseq2::Diagnostic& error) {
    rapidjson::StringBuffer buffer;
    Writer w{buffer};
    w.StartObject();
    key(w, "error");
    error_object(w, error);
    key(w, "chain");
    w.StartArray();
    w.EndArray();
    key(w, "overlay");
    w.Null();
    w.EndObject();
    return finish(buffer);
}

} // namespace fairseq2ctl

#include "asset_json.hpp"

#include <cmath>

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace fairseq2ctl {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
// The indented documents: the same layout as the other commands' JSON.
using PrettyWriter = rapidjson::PrettyWriter<rapidjson::StringBuffer>;
using fairseq2::Value;

template <typename W>
void string(W& w, std::string_view text) {
    w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

template <typename W>
void key(W& w, std::string_view text) {
    w.Key(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

template <typename W>
void value(W& w, const Value& v) {
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
    case Value::Kind::big_integer: {
        // Exact: the digits as they are, not a double.
        const std::string& digits = v.as_big_integer().digits;
        w.RawValue(digits.data(), digits.size(), rapidjson::kNumberType);
        return;
    }
    case Value::Kind::bytes: string(w, v.as_bytes().base64()); return;
    case Value::Kind::set:
        w.StartArray();
        for (const Value& item : v.as_set().items)
            value(w, item);
        w.EndArray();
        return;
    case Value::Kind::timestamp: string(w, v.as_timestamp().iso); return;
    }
}

std::string finish(const rapidjson::StringBuffer& buffer) {
    return {buffer.GetString(), buffer.GetSize()};
}

template <typename W>
void error_object(W& w, const fairseq2::Diagnostic& error) {
    w.StartObject();
    key(w, "code");
    string(w, fairseq2::to_string(error.code));
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


template <typename W>
void write_resolved(W& w, const fairseq2::ResolvedCard& card,
                    const std::vector<fairseq2::CardLocation>& locations, const std::vector<NamedValue>& extra) {
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
    // The cards in precedence order: each link's overlay before its card.
    key(w, "chain");
    w.StartArray();
    for (const auto& level : card.chain()) {
        if (level.overlay)
            string(w, level.overlay->name);
        string(w, level.card->base_name());
    }
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
}

template <typename W>
void write_failed(W& w, const fairseq2::Diagnostic& error) {
    w.StartObject();
    key(w, "error");
    error_object(w, error);
    key(w, "chain");
    w.StartArray();
    w.EndArray();
    key(w, "overlay");
    w.Null();
    w.EndObject();
}

// A card's own keys (no braces): name, source, place and fields.
template <typename W>
void write_card_keys(W& w, const fairseq2::AssetCard& card) {
    key(w, "name");
    string(w, card.display_name());
    key(w, "source");
    string(w, card.source);
    key(w, "file");
    string(w, card.location.file);
    key(w, "line");
    w.Uint(card.location.line);
    key(w, "column");
    w.Uint(card.location.column);
    key(w, "fields");
    value(w, card.metadata);
}

template <typename W>
void write_environments(W& w, const std::vector<std::string>& environments) {
    key(w, "environments");
    w.StartArray();
    for (const std::string& env : environments)
        string(w, env);
    w.EndArray();
}

// `{"environments": [...], "assets": {NAME: ...}}`, indented, with `write`
// filling in the asset.
template <typename Fill>
std::string one_asset_document(const std::vector<std::string>& environments, std::string_view name,
                               Fill&& fill) {
    rapidjson::StringBuffer buffer;
    PrettyWriter w{buffer};
    w.SetIndent(' ', 2);
    w.StartObject();
    write_environments(w, environments);
    key(w, "assets");
    w.StartObject();
    key(w, name);
    fill(w);
    w.EndObject();
    w.EndObject();
    return finish(buffer);
}

} // namespace

std::string resolved_asset_json(const fairseq2::ResolvedCard& card,
                                const std::vector<fairseq2::CardLocation>& locations,
                                const std::vector<NamedValue>& extra) {
    rapidjson::StringBuffer buffer;
    Writer w{buffer};
    write_resolved(w, card, locations, extra);
    return finish(buffer);
}

std::string failed_asset_json(const fairseq2::Diagnostic& error) {
    rapidjson::StringBuffer buffer;
    Writer w{buffer};
    write_failed(w, error);
    return finish(buffer);
}

std::string resolved_document_json(const fairseq2::ResolvedCard& card,
                                   const std::vector<fairseq2::CardLocation>& locations,
                                   const std::vector<NamedValue>& extra) {
    return one_asset_document(card.environments(), card.name(),
                              [&](PrettyWriter& w) { write_resolved(w, card, locations, extra); });
}

std::string failed_document_json(const std::vector<std::string>& environments, std::string_view name,
                                 const fairseq2::Diagnostic& error) {
    return one_asset_document(environments, name, [&](PrettyWriter& w) { write_failed(w, error); });
}

std::string chain_document_json(const fairseq2::ResolvedCard& card) {
    rapidjson::StringBuffer buffer;
    PrettyWriter w{buffer};
    w.SetIndent(' ', 2);
    w.StartObject();
    write_environments(w, card.environments());
    key(w, "chain");
    w.StartArray();
    for (const auto& level : card.chain()) {
        w.StartObject();
        write_card_keys(w, *level.card);
        key(w, "overlay");
        if (level.overlay) {
            w.StartObject();
            write_card_keys(w, *level.overlay);
            w.EndObject();
        } else {
            w.Null();
        }
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return finish(buffer);
}

std::string value_json(const fairseq2::Value& v) {
    rapidjson::StringBuffer buffer;
    Writer w{buffer};
    value(w, v);
    return finish(buffer);
}

} // namespace fairseq2ctl

// Reads card files with libyaml's event parser (several times faster than
// yaml-cpp's, which stays for the YAML::Node API of in-memory cards): YAML
// text to Values, typed by the YAML 1.2 core schema the
// way fairseq2's ruamel safe loader types them, with every value's position,
// duplicate keys reported, and guards against hostile input (invalid UTF-8,
// control characters, alias bombs, deep nesting).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fairseq2/yaml/scalar.hpp"
#include "fairseq2/yaml/value.hpp"
#include "fairseq2/support/diagnostic.hpp"

namespace YAML {
class Node;
}

namespace fairseq2 {

struct YamlDocument {
    Value root;
    Mark start;
    // False when the document had an error (a duplicate key, a bad scalar):
    // fairseq2 would refuse it, so it is reported and not loaded.
    bool valid = true;
};

struct YamlFile {
    std::vector<YamlDocument> documents;
    Diagnostics diagnostics;
};

// The upper bound of values that aliases may expand to in one file: past it
// the file is an alias bomb ("billion laughs") and is refused.
inline constexpr std::size_t max_alias_expansion = 100'000;

// The deepest nesting of collections read, the card's own mapping included,
// counting what aliases bring. ruamel's safe loader recurses about two Python
// frames a level and stops at Python's limit of 1000 frames: about 490 levels
// when called from a shallow stack, fewer from inside a program. Below that,
// so that a card fairseq2ctl passes never fails fairseq2 on depth.
inline constexpr std::size_t max_yaml_depth = 450;

// Parses every document of `text`; `file` is only used in diagnostics.
YamlFile read_yaml(std::string_view text, const std::string& file);

// `text` read as the value of a key in a card file (`checkpoint: TEXT`), so
// typed as YAML types it: `8` an int, `/data/x.pt` a string, `{a: 1}` a
// mapping. Throws fairseq2::Error `invalid-argument` (it is what a user
// typed) when it is not one value.
Value read_yaml_value(std::string_view text);

// Reads an in-memory yaml-cpp node (a card an extension builds in code) as
// one document, through the same typing rules, duplicate-key check and
// bounds as a file: quoted scalars are strings, plain ones are typed. `name`
// is only used in diagnostics.
YamlFile read_yaml(const YAML::Node& node, const std::string& name);

} // namespace fairseq2

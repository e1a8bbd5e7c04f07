// Reads card files with libyaml's event parser (several times faster than
// yaml-cpp's, which stays for the YAML::Node API of in-memory cards): YAML
// text to Values, typed by the YAML 1.2 core schema the
// way fairseq2's ruamel safe loader types them, with every value's position,
// duplicate keys reported, and guards against hostile input (invalid UTF-8,
// control characters, alias bombs, deep nesting).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fairseq2/assets/value.hpp"
#include "fairseq2/diagnostic.hpp"

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

// The deepest nesting of collections read. fairseq2's loader fails far
// earlier, on Python's recursion limit.
inline constexpr std::size_t max_yaml_depth = 1000;

// Parses every document of `text`; `file` is only used in diagnostics.
YamlFile read_yaml(std::string_view text, const std::string& file);

// The YAML version whose implicit typing rules a document is read with:
// 1.2, or 1.1 after a `%YAML 1.1` directive (which ruamel keeps for the
// documents after it in the file).
enum class YamlVersion : std::uint8_t { v1_1, v1_2 };

// Types a plain (unquoted, untagged) scalar as ruamel does. YAML 1.2:
// `true`/`false` are bools, `0o17` is 15, `0x1f` is 31, `017` is 17, any
// number of digits is an int, `1e3` is a float, `~` and `null` are null,
// `2024-05-01` is a date and `2024-05-01 10:00:00` a datetime; `yes` and `on`
// are strings. YAML 1.1 adds `yes`/`no`/`on`/`off`/`y`/`n` as bools, `0777`
// as octal and `1:30` as sexagesimal. Throws fairseq2::Error (`yaml-syntax`)
// where ruamel fails: a number that cannot be one (`0x_`), an invalid date
// (`2024-02-30`), a plain `=` or `<<` as a value.
Value type_plain_scalar(std::string_view text, Mark mark = {}, YamlVersion version = YamlVersion::v1_2);

// A scalar with an explicit core tag (`!!int '0x1F'`, `!!binary ...`,
// `!!timestamp`), as ruamel's SafeConstructor builds it.
Value construct_tagged_scalar(std::string_view type, std::string_view tag_text, Mark mark, YamlVersion version);

// A Python int from its decimal digits (no sign, no leading zeros): an
// int64, or a BigInteger beyond.
Value make_integer(std::string_view decimal, bool negative, Mark mark = {});

// Converts a yaml-cpp node (an in-memory card built by an extension) with
// the same typing rules: quoted scalars are strings, plain ones are typed.
Value value_from_node(const YAML::Node& node);

} // namespace fairseq2

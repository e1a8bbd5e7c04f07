// Typing YAML scalars as fairseq2's ruamel safe loader does: the implicit
// resolvers of YAML 1.2 and 1.1, and the constructors of the core tags.
#pragma once

#include <cstdint>
#include <string_view>

#include "fairseq2/yaml/value.hpp"

namespace fairseq2 {

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

} // namespace fairseq2

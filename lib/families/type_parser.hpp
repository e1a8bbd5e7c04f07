// Reading fairseq2's reference data: declared Python field types
// (`int | None`, `tuple[int, ...]`, `Literal['sp', 'hg']`, config type names)
// and default values written as Python literals.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "fairseq2/families/config_schema.hpp"

namespace fairseq2 {

// Finds the schema of a config type by name (null when unknown).
using SchemaLookup = std::function<std::shared_ptr<const ConfigSchema>(std::string_view name)>;

// The FieldType of a declared Python type. Throws fairseq2::Error for a type
// it cannot read.
FieldType parse_declared_type(std::string_view text, const SchemaLookup& lookup);

// The value of a Python literal default: numbers, 'strings', True, False,
// None, tuples and lists, and `a * b` or `a / b` of numbers. Empty for what
// is not a literal (such as `lambda()`, a default factory).
std::optional<Value> parse_python_literal(std::string_view text);

} // namespace fairseq2

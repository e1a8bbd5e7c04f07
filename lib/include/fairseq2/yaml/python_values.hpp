// The Python conversions fairseq2's structuring relies on
// (utils/structured.py, _structure_primitive and _structure_set): `int(v)`,
// `float(v)` and `==`, on card values.
#pragma once

#include <optional>

#include "fairseq2/yaml/value.hpp"

namespace fairseq2 {

// `int(v)` for a value that is not already an int: a bool stays itself (it
// is an int), a float is truncated toward zero, a string is read as Python
// reads a base-10 literal (blanks around it, `_` between digits). Empty when
// Python raises (NaN, infinity, any other text or type).
std::optional<Value> python_int(const Value& value);

// `float(v)`: ints and bools widen, a string is read as Python's float()
// reads it (`1e6`, ` 2.5 `, `inf`, `nan`, `1_000.5`). Empty when Python
// raises.
std::optional<Value> python_float(const Value& value);

// Python's `==` between two card values: numbers of any kind compare by
// value (`1 == 1.0 == True`), collections item by item.
bool python_equal(const Value& a, const Value& b);

} // namespace fairseq2

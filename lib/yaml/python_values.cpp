#include "fairseq2/yaml/python_values.hpp"

#include <cctype>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include "fairseq2/support/text.hpp"

namespace fairseq2 {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Digits with single underscores between them (PEP 515), consumed from the
// front of `s`; the digits are appended to `out`. False when there are none
// or an underscore is misplaced.
bool take_digits(std::string_view& s, std::string& out) {
    if (s.empty() || !is_digit(s[0]))
        return false;
    while (!s.empty()) {
        if (is_digit(s[0])) {
            out += s[0];
            s.remove_prefix(1);
        } else if (s[0] == '_' && s.size() > 1 && is_digit(s[1])) {
            s.remove_prefix(1);
        } else {
            break;
        }
    }
    return true;
}

bool equal_ci(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != b[i])
            return false;
    return true;
}

std::optional<double> parse_python_float(std::string_view text) {
    std::string_view s = trim(text);
    std::string number;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        number += s[0];
        s.remove_prefix(1);
    }
    double sign = number == "-" ? -1.0 : 1.0;
    if (equal_ci(s, "inf") || equal_ci(s, "infinity"))
        return sign * std::numeric_limits<double>::infinity();
    if (equal_ci(s, "nan"))
        return std::numeric_limits<double>::quiet_NaN();
    bool integral = take_digits(s, number);
    bool fraction = false;
    if (!s.empty() && s[0] == '.') {
        number += '.';
        s.remove_prefix(1);
        fraction = take_digits(s, number);
    }
    if (!integral && !fraction)
        return std::nullopt;
    if (!s.empty() && (s[0] == 'e' || s[0] == 'E')) {
        number += 'e';
        s.remove_prefix(1);
        if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
            number += s[0];
            s.remove_prefix(1);
        }
        if (!take_digits(s, number))
            return std::nullopt;
    }
    if (!s.empty())
        return std::nullopt;
    // strtod saturates out of range as Python's float() does (inf, 0.0).
    return std::strtod(number.c_str(), nullptr);
}

double as_number(const Value& v) {
    switch (v.kind()) {
    case Value::Kind::boolean: return v.as_bool() ? 1.0 : 0.0;
    case Value::Kind::integer: return static_cast<double>(v.as_int());
    default: return v.as_float();
    }
}

bool is_number(const Value& v) {
    return v.kind() == Value::Kind::boolean || v.kind() == Value::Kind::integer ||
           v.kind() == Value::Kind::floating;
}

} // namespace

std::optional<Value> python_int(const Value& value) {
    switch (value.kind()) {
    case Value::Kind::integer:
    case Value::Kind::big_integer:
    case Value::Kind::boolean: return value;
    case Value::Kind::bytes: // int(b"12") reads the ASCII digits
        return python_int(Value{value.as_bytes().data, value.mark()});
    case Value::Kind::floating: {
        double d = value.as_float();
        if (!std::isfinite(d))
            return std::nullopt; // ValueError for NaN, OverflowError for infinity
        double truncated = std::trunc(d);
        if (truncated < -9.2233720368547758e18 || truncated >= 9.2233720368547758e18)
            return value; // a Python int beyond 64 bits: accepted as it is
        return Value{static_cast<std::int64_t>(truncated), value.mark()};
    }
    case Value::Kind::string: {
        std::string_view s = trim(value.as_string());
        std::string digits;
        if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
            if (s[0] == '-')
                digits += '-';
            s.remove_prefix(1);
        }
        if (!take_digits(s, digits) || !s.empty())
            return std::nullopt;
        errno = 0;
        long long n = std::strtoll(digits.c_str(), nullptr, 10);
        if (errno == ERANGE) {
            std::size_t first = digits[0] == '-' ? 1 : 0;
            std::size_t nonzero = std::min(digits.find_first_not_of('0', first), digits.size() - 1);
            return Value{BigInteger{digits.substr(0, first) + digits.substr(nonzero)}, value.mark()};
        }
        return Value{static_cast<std::int64_t>(n), value.mark()};
    }
    default: return std::nullopt; // TypeError
    }
}

std::optional<Value> python_float(const Value& value) {
    switch (value.kind()) {
    case Value::Kind::floating: return value;
    case Value::Kind::integer:
    case Value::Kind::boolean: return Value{as_number(value), value.mark()};
    case Value::Kind::big_integer: {
        double d = std::strtod(value.as_big_integer().digits.c_str(), nullptr);
        if (!std::isfinite(d))
            return std::nullopt; // OverflowError: int too large to convert to float
        return Value{d, value.mark()};
    }
    case Value::Kind::bytes: return python_float(Value{value.as_bytes().data, value.mark()});
    case Value::Kind::string:
        if (auto d = parse_python_float(value.as_string()))
            return Value{*d, value.mark()};
        return std::nullopt;
    default: return std::nullopt;
    }
}

bool python_equal(const Value& a, const Value& b) {
    if (is_number(a) && is_number(b)) {
        if (a.kind() == Value::Kind::floating || b.kind() == Value::Kind::floating)
            return as_number(a) == as_number(b);
        auto integer = [](const Value& v) {
            return v.kind() == Value::Kind::boolean ? std::int64_t{v.as_bool()} : v.as_int();
        };
        return integer(a) == integer(b);
    }
    if (a.kind() != b.kind())
        return false;
    switch (a.kind()) {
    case Value::Kind::null: return true;
    case Value::Kind::big_integer: return a.as_big_integer() == b.as_big_integer();
    case Value::Kind::bytes: return a.as_bytes() == b.as_bytes();
    case Value::Kind::timestamp: return a.as_timestamp() == b.as_timestamp();
    case Value::Kind::string: return a.as_string() == b.as_string();
    case Value::Kind::list: {
        const auto& x = a.as_list();
        const auto& y = b.as_list();
        if (x.size() != y.size())
            return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!python_equal(x[i], y[i]))
                return false;
        return true;
    }
    case Value::Kind::map: {
        const auto& x = a.as_map();
        if (x.size() != b.as_map().size())
            return false;
        for (const Field& field : x) {
            const Value* other = b.find(field.key);
            if (!other || !python_equal(field.value, *other))
                return false;
        }
        return true;
    }
    default: return false;
    }
}

} // namespace fairseq2

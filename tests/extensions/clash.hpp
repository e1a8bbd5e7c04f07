// The one type that the clash_a and clash_b extensions both register.
#pragma once

namespace clash {
struct Service {
    const char* owner;
};
} // namespace clash

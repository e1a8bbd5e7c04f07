// Standard output: results only (logs and diagnostics go to stderr), through
// one large buffer, so that `assets resolve --all` does not pay a write per
// line.
#pragma once

#include <string_view>

namespace fairseq2ctl {

class Output {
public:
    Output();

    void write(std::string_view text);
    void line(std::string_view text = {}) {
        write(text);
        write("\n");
    }
};

} // namespace fairseq2ctl

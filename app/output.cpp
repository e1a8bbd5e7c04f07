#include "output.hpp"

#include <cstdio>

namespace fairseq2ctl {

Output::Output() {
    // Static: stdout keeps using the buffer until the process exits.
    static char buffer[1 << 20];
    std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
}

void Output::write(std::string_view text) {
    if (!text.empty()) // an empty view's data() may be null, which fwrite must not get
        std::fwrite(text.data(), 1, text.size(), stdout);
}

} // namespace fairseq2ctl

#include "printer.hpp"

#include "json_printer.hpp"
#include "text_printer.hpp"

namespace fairseq2ctl {

std::unique_ptr<Printer> make_printer(Format format, Output& out, const Style& style) {
    if (format == Format::json)
        return std::make_unique<JsonPrinter>(out);
    return std::make_unique<TextPrinter>(out, style);
}

} // namespace fairseq2ctl

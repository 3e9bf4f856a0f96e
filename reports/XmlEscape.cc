#include "reports/XmlEscape.h"

#include "reports/Utf8.h"

namespace tcpfault::report {
namespace {

bool legalInXml(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

std::string escape(std::string_view raw, bool attribute) {
  std::string text = validUtf8(raw), out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    char32_t c = nextCodePoint(text, i);
    if (!legalInXml(c)) continue;
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\r':
        out += "&#13;";
        break;  // a bare CR would become LF when parsed
      default:
        out.append(text, start, i - start);
    }
  }
  return out;
}

}  // namespace

std::string xmlText(std::string_view text) { return escape(text, false); }
std::string xmlAttr(std::string_view text) { return escape(text, true); }

}  // namespace tcpfault::report

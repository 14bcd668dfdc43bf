#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"
#include "core/text.hpp"
#include "reports/format.hpp"

namespace pj::reports {

Format parse_format(std::string_view s) {
  if (s == "text") return Format::Text;
  if (s == "md" || s == "markdown") return Format::Markdown;
  if (s == "html") return Format::Html;
  if (s == "csv") return Format::Csv;
  if (s == "json") return Format::Json;
  fail_usage(fmt::format("unknown format '{}': expected text, md, html, csv or json", s));
}

std::string stress_failure_text(const Program& p) {
  if (!p.result || !p.result->passed) return {};
  const auto* c = p.stress_failure();
  if (!c) return {};
  return fmt::format("{} on stress level {} seed {}", printable(c->verdict, 32), c->level, c->seed);
}

std::string format_number(double v) {
  if (!std::isfinite(v)) return fmt::format("{}", v);
  if (std::fabs(v) >= 1e6) return fmt::format("{:.3e}", v);
  if (std::fabs(v) >= 1000) return fmt::format("{:.0f}", v);
  return fmt::format("{:.3g}", v);
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string script_safe_json(const nlohmann::json& j) {
  // ensure_ascii turns U+2028/U+2029 (line terminators in JS) into \u escapes; <, > and & only
  // occur inside strings, so replacing them keeps the JSON equal and closes no <script>.
  const std::string text = j.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string csv_field(std::string_view s) {
  // Names come from sample files: escape and OSC sequences would act on a terminal that shows
  // the file (`cat`, `column`), so control bytes become visible \xNN escapes first.
  std::string v = printable(s, std::string::npos);
  // A leading =, +, - or @ (or a tab before one) makes spreadsheets evaluate the cell.
  if (!v.empty() &&
      (v[0] == '=' || v[0] == '+' || v[0] == '@' || v[0] == '\t' ||
       (v[0] == '-' &&
        !(v.size() > 1 && (std::isdigit(static_cast<unsigned char>(v[1])) || v[1] == '.'))))) {
    v.insert(v.begin(), '\'');
  }
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (const char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string md_escape(std::string_view s) {
  // A line break would end the table row; any other control byte (ESC [, OSC 8 links, OSC 52
  // clipboard writes) becomes a visible \xNN escape, whose backslash is escaped below.
  std::string flat;
  flat.reserve(s.size());
  for (const char c : s) {
    if (c == '\n') flat += ' ';
    if (c != '\n' && c != '\r') flat += c;
  }
  std::string out;
  for (const char c : printable(flat, std::string::npos)) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '|':
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '#':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace pj::reports

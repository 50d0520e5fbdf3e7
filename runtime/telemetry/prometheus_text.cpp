// The two Prometheus text formats, written from one walk over the families.
#include "runtime/telemetry/prometheus_text.hpp"

#include <charconv>
#include <cmath>

namespace plumb::telemetry {

namespace {

const char* type_name(MetricKind kind) {
  switch (kind) {
    case MetricKind::Counter:
      return "counter";
    case MetricKind::Gauge:
      return "gauge";
    case MetricKind::Histogram:
      return "histogram";
  }
  return "untyped";
}

std::string escape_help(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// `{a="x",le="0.5"}`, or nothing when there are no labels.
void append_labels(std::string& out, const Labels& labels, std::string_view le = {}) {
  if (labels.empty() && le.empty()) return;
  out += '{';
  bool first = true;
  for (const auto& [key, value] : labels) {
    if (!first) out += ',';
    first = false;
    out += key;
    out += "=\"";
    out += escape_label_value(value);
    out += '"';
  }
  if (!le.empty()) {
    if (!first) out += ',';
    out += "le=\"";
    out += le;
    out += '"';
  }
  out += '}';
}

void append_sample(std::string& out, std::string_view name, const Labels& labels,
                   std::string_view value, std::string_view le = {}) {
  out += name;
  append_labels(out, labels, le);
  out += ' ';
  out += value;
}

void format(std::string& out, const std::vector<MetricFamily>& families, bool openmetrics) {
  // Numbers as the client libraries write them in each format; OpenMetrics writes counts as
  // integers.
  auto number = [openmetrics](double value) {
    return openmetrics ? format_openmetrics_value(value) : format_sample_value(value);
  };
  auto count = [openmetrics](std::uint64_t value) {
    return openmetrics ? std::to_string(value) : format_sample_value(static_cast<double>(value));
  };
  for (const MetricFamily& f : families) {
    if (f.series.empty()) continue;
    std::string family = f.name;
    std::string sample = f.name;
    if (openmetrics && f.kind == MetricKind::Counter) {
      if (ends_with(family, "_total")) family.resize(family.size() - 6);
      sample = family + "_total";
    }
    std::string help = f.help.empty() ? "metric recorded by a metrics.* stage" : f.help;
    out += "# HELP " + family + " " + escape_help(help) + "\n";
    out += "# TYPE " + family + " " + type_name(f.kind) + "\n";
    for (const MetricSeries& s : f.series) {
      if (f.kind != MetricKind::Histogram) {
        append_sample(out, sample, s.labels, number(s.value));
        out += '\n';
        continue;
      }
      // The exemplar goes on the first bucket that holds its value.
      bool exemplar_pending = openmetrics && !s.exemplar_trace.empty();
      for (std::size_t i = 0; i <= f.bounds.size(); ++i) {
        const bool inf = i == f.bounds.size();
        const double bound = inf ? INFINITY : f.bounds[i];
        append_sample(out, family + "_bucket", s.labels, count(inf ? s.count : s.buckets[i]),
                      number(bound));
        if (exemplar_pending && s.exemplar_value <= bound) {
          out += " # {trace_id=\"" + s.exemplar_trace + "\"} " + number(s.exemplar_value);
          exemplar_pending = false;
        }
        out += '\n';
      }
      append_sample(out, family + "_sum", s.labels, number(s.sum));
      out += '\n';
      append_sample(out, family + "_count", s.labels, count(s.count));
      out += '\n';
    }
  }
}

}  // namespace

std::string format_sample_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == 0) return "0";  // -0 too, as Go's client prints it
  // The shortest digits that read back as `value`, from the scientific form "d.ddde±XX".
  char text[32];
  const char* end =
      std::to_chars(text, text + sizeof text, value, std::chars_format::scientific).ptr;
  const std::string_view scientific(text, static_cast<std::size_t>(end - text));
  const std::size_t e = scientific.find('e');
  int exponent = 0;
  std::from_chars(scientific.data() + e + (scientific[e + 1] == '+' ? 2 : 1), end, exponent);
  // Go's 'g' with the shortest precision: an exponent below -4 or from 6 on keeps the
  // scientific form (which to_chars writes as Go does: at least two exponent digits).
  if (exponent < -4 || exponent >= 6) return std::string(scientific);
  std::string out;
  std::string digits;
  for (char c : scientific.substr(0, e)) {
    if (c == '-') {
      out += c;
    } else if (c != '.') {
      digits += c;
    }
  }
  const int point = exponent + 1;  // digits before the decimal point
  if (point <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-point), '0');
    out += digits;
  } else if (static_cast<std::size_t>(point) >= digits.size()) {
    out += digits;
    out.append(static_cast<std::size_t>(point) - digits.size(), '0');
  } else {
    out += digits.substr(0, static_cast<std::size_t>(point));
    out += '.';
    out += digits.substr(static_cast<std::size_t>(point));
  }
  return out;
}

std::string format_openmetrics_value(double value) {
  std::string out = format_sample_value(value);
  if (std::isfinite(value) && out.find_first_of(".e") == std::string::npos) out += ".0";
  return out;
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string format_prometheus(const std::vector<MetricFamily>& families) {
  std::string out;
  format(out, families, false);
  return out;
}

std::string format_openmetrics(const std::vector<MetricFamily>& families) {
  std::string out;
  format(out, families, true);
  out += "# EOF\n";
  return out;
}

}  // namespace plumb::telemetry

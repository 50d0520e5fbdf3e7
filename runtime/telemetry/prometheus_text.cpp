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

void append_sample(std::string& out, std::string_view name, const Labels& labels, double value,
                   std::string_view le = {}) {
  out += name;
  append_labels(out, labels, le);
  out += ' ';
  out += format_sample_value(value);
}

void format(std::string& out, const std::vector<MetricFamily>& families, bool openmetrics) {
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
        append_sample(out, sample, s.labels, s.value);
        out += '\n';
        continue;
      }
      // The exemplar goes on the first bucket that holds its value.
      bool exemplar_pending = openmetrics && !s.exemplar_trace.empty();
      for (std::size_t i = 0; i <= f.bounds.size(); ++i) {
        const bool inf = i == f.bounds.size();
        const double bound = inf ? INFINITY : f.bounds[i];
        const double count = static_cast<double>(inf ? s.count : s.buckets[i]);
        append_sample(out, family + "_bucket", s.labels, count, format_sample_value(bound));
        if (exemplar_pending && s.exemplar_value <= bound) {
          out +=
              " # {trace_id=\"" + s.exemplar_trace + "\"} " + format_sample_value(s.exemplar_value);
          exemplar_pending = false;
        }
        out += '\n';
      }
      append_sample(out, family + "_sum", s.labels, s.sum);
      out += '\n';
      append_sample(out, family + "_count", s.labels, static_cast<double>(s.count));
      out += '\n';
    }
  }
}

}  // namespace

std::string format_sample_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char digits[32];
  auto result = std::to_chars(digits, digits + sizeof digits, value);
  return std::string(digits, result.ptr);
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

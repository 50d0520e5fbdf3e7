// Pushgateway and Influx line-protocol pushes over HttpClient.
#include "runtime/telemetry/metric_push.hpp"

#include "base/value/redaction.hpp"
#include "runtime/telemetry/exporter_url.hpp"
#include "runtime/telemetry/http_client.hpp"
#include "runtime/telemetry/json_text.hpp"
#include "runtime/telemetry/prometheus_text.hpp"

#include <cctype>
#include <string>
#include <string_view>

namespace plumb::telemetry {

namespace {

std::string escape(std::string_view text, std::string_view specials) {
  std::string out;
  for (char c : text) {
    if (specials.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

void append_line(std::string& out, std::string_view measurement, const Labels& labels,
                 std::string_view le, std::string_view fields, std::int64_t time_ns) {
  out += escape_influx_measurement(measurement);
  for (const auto& [key, value] : labels) {
    if (value.empty()) continue;  // line protocol has no empty tag values
    out += ',' + escape_influx_tag(key) + '=' + escape_influx_tag(value);
  }
  if (!le.empty()) out += ",le=" + escape_influx_tag(le);
  out += ' ';
  out += fields;
  out += ' ';
  append_int(out, time_ns);
  out += '\n';
}

// Percent-encodes every byte but RFC 3986's unreserved characters, as a URL path segment needs.
std::string url_segment(const std::string& text) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string describe_failure(const HttpResponse& r) {
  if (r.status == 0) return r.error;
  std::string body = r.body.substr(0, 200);
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r'))
    body.pop_back();
  if (mentions_url(body)) body = redact_urls(body);
  return "http status " + std::to_string(r.status) + (body.empty() ? "" : ": " + body);
}

}  // namespace

std::string escape_influx_measurement(std::string_view text) {
  return escape(text, ", ");
}
std::string escape_influx_tag(std::string_view text) {
  return escape(text, ", =");
}

std::string format_influx(const std::vector<MetricFamily>& families, std::int64_t time_ns) {
  std::string out;
  for (const MetricFamily& f : families) {
    for (const MetricSeries& s : f.series) {
      if (f.kind != MetricKind::Histogram) {
        append_line(out, f.name, s.labels, {}, "value=" + format_sample_value(s.value), time_ns);
        continue;
      }
      append_line(out, f.name, s.labels, {},
                  "count=" + std::to_string(s.count) + ",sum=" + format_sample_value(s.sum),
                  time_ns);
      for (std::size_t i = 0; i <= f.bounds.size(); ++i) {
        const bool inf = i == f.bounds.size();
        append_line(out, f.name + "_bucket", s.labels,
                    inf ? "+Inf" : format_sample_value(f.bounds[i]),
                    "value=" + std::to_string(inf ? s.count : s.buckets[i]), time_ns);
      }
    }
  }
  return out;
}

std::string push_to_gateway(const std::string& url, const std::string& job,
                            const std::vector<MetricFamily>& families,
                            std::chrono::milliseconds timeout) {
  HttpClient client;
  HttpResponse r = client.send("PUT", append_url_path(url, "/metrics/job/" + url_segment(job)),
                               {{"Content-Type", std::string(kPrometheusTextType)}},
                               format_prometheus(families), timeout);
  return r.ok() ? std::string() : describe_failure(r);
}

std::string push_to_influx(const std::string& url, const std::vector<MetricFamily>& families,
                           std::int64_t time_ns, std::chrono::milliseconds timeout) {
  HttpClient client;
  const std::string target =
      url_without_path_suffix(url, "/write") ? url : append_url_path(url, "/write");
  HttpResponse r = client.send("POST", target, {{"Content-Type", "text/plain; charset=utf-8"}},
                               format_influx(families, time_ns), timeout);
  return r.ok() ? std::string() : describe_failure(r);
}

}  // namespace plumb::telemetry

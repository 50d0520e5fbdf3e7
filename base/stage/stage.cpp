// StageContext's argument access and default services, and the StageRegistry.
#include <plumb/stage.hpp>

#include <plumb/error.hpp>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace plumb {

std::string_view purity_name(Purity purity) {
  switch (purity) {
    case Purity::Pure:
      return "pure";
    case Purity::Volatile:
      return "volatile";
    case Purity::Effect:
      return "effect";
  }
  return "?";
}

std::string_view level_name(LogLevel level) {
  switch (level) {
    case LogLevel::Debug:
      return "debug";
    case LogLevel::Info:
      return "info";
    case LogLevel::Warn:
      return "warn";
    case LogLevel::Error:
      return "error";
  }
  return "?";
}

std::optional<std::size_t> StageSignature::param_index(std::string_view param) const {
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (params[i].name == param) return i;
  }
  return std::nullopt;
}

StageContext::StageContext(const StageSignature& signature, std::span<const Value> args,
                           const Fields& extra)
    : signature_(signature), args_(args), extra_(extra) {
}

StageContext::~StageContext() = default;

const Value& StageContext::arg(std::string_view name) const {
  auto index = signature_.param_index(name);
  if (!index || *index >= args_.size()) {
    throw std::logic_error(signature_.name + " has no parameter " + std::string(name));
  }
  return args_[*index];
}

std::vector<std::pair<std::string, std::string>> StageContext::child_environment() const {
  std::vector<std::pair<std::string, std::string>> env;
  if (std::string parent = traceparent(); !parent.empty()) env.emplace_back("TRACEPARENT", parent);
  if (std::string items = baggage(); !items.empty()) env.emplace_back("BAGGAGE", items);
  return env;
}

void StageContext::fail(const std::string& message, bool retryable) const {
  throw StageError(signature_.name + ": " + message, "stage_error", retryable);
}

std::uint64_t StageContext::max_read_bytes() const {
  constexpr std::uint64_t kDefault = std::uint64_t{1} << 30;
  const char* text = std::getenv("PLUMB_MAX_READ_BYTES");
  if (text == nullptr || *text == '\0') return kDefault;
  std::uint64_t bytes = 0;
  std::string_view digits(text);
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), bytes);
  if (error != std::errc() || end != digits.data() + digits.size() || bytes == 0) {
    fail("PLUMB_MAX_READ_BYTES must be a positive whole number of bytes, not \"" +
         std::string(digits) + "\"");
  }
  return bytes;
}

void StageContext::throw_if_cancelled() const {
  if (cancelled()) throw StageError(signature_.name + ": cancelled", "cancelled", false);
}

namespace {

[[noreturn]] void wrong_type(const StageContext& ctx, std::string_view name,
                             std::string_view wanted, const Value& got) {
  ctx.fail("argument `" + std::string(name) + "` must be " + std::string(wanted) + ", not " +
           std::string(type_name(got)));
}

}  // namespace

std::string_view StageContext::str_arg(std::string_view name) const {
  const Value& v = arg(name);
  if (!v.is_str()) wrong_type(*this, name, "a str", v);
  return v.as_str();
}

std::int64_t StageContext::int_arg(std::string_view name) const {
  const Value& v = arg(name);
  if (!v.is_int()) wrong_type(*this, name, "an int", v);
  return v.as_int();
}

double StageContext::float_arg(std::string_view name) const {
  const Value& v = arg(name);
  if (!v.is_number()) wrong_type(*this, name, "a float", v);
  return v.as_number();
}

bool StageContext::bool_arg(std::string_view name) const {
  const Value& v = arg(name);
  if (!v.is_bool()) wrong_type(*this, name, "a bool", v);
  return v.as_bool();
}

std::span<const Value> StageContext::list_arg(std::string_view name) const {
  const Value& v = arg(name);
  if (!v.is_list()) wrong_type(*this, name, "a list", v);
  return v.as_list();
}

const Value& StageContext::record_arg(std::string_view name) const {
  const Value& v = arg(name);
  if (!v.is_record()) wrong_type(*this, name, "a record", v);
  return v;
}

bool StageContext::sleep_for(double seconds) {
  if (seconds > 0) std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  return !cancelled();
}

void StageContext::set_attribute(std::string_view, const Value&) {
}
void StageContext::add_event(std::string_view, const Fields&) {
}

void StageContext::items(std::int64_t in, std::int64_t out) {
  set_attribute("plumb.items.in", Value::integer(in));
  set_attribute("plumb.items.out", Value::integer(out));
}

void StageContext::bytes(std::int64_t read, std::int64_t written) {
  if (read > 0) set_attribute("plumb.bytes.read", Value::integer(read));
  if (written > 0) set_attribute("plumb.bytes.written", Value::integer(written));
}

void StageContext::record_metric(const MetricRecord&) {
}
void StageContext::log(LogLevel, std::string_view, const Fields&) {
}
void StageContext::warn_once(std::string_view message) {
  std::fprintf(stderr, "plumb: warning: %.*s\n", static_cast<int>(message.size()), message.data());
}
void StageContext::debug(std::string_view, const Fields&) const {
}
void StageContext::read_variable(std::string_view, std::string_view) {
}
void StageContext::record_llm_usage(std::string_view, std::int64_t, std::int64_t, double) {
}

std::uint64_t StageContext::begin_span(std::string_view) {
  return 0;
}
void StageContext::span_attribute(std::uint64_t, std::string_view, const Value&) {
}
void StageContext::end_span(std::uint64_t, std::string_view, std::string_view) {
}

namespace {
thread_local StageContext* current_context = nullptr;
}

StageContext* StageContext::current() {
  return current_context;
}

StageContext::Scope::Scope(StageContext& context) : previous_(current_context) {
  current_context = &context;
}

StageContext::Scope::~Scope() {
  current_context = previous_;
}

void StageRegistry::add(StageDef def) {
  const std::string& name = def.signature.name;
  auto dot = name.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == name.size()) {
    throw std::invalid_argument("stage name `" + name + "` must be `namespace.name`");
  }
  if (!def.run) throw std::invalid_argument("stage `" + name + "` has no implementation");
  if (def.signature.ordered && def.signature.purity != Purity::Volatile) {
    throw std::invalid_argument("stage `" + name + "` is ordered but not volatile");
  }
  bool seen_default = false;
  for (const Param& p : def.signature.params) {
    if (p.default_value) {
      seen_default = true;
    } else if (seen_default) {
      throw std::invalid_argument("stage `" + name + "`: required parameter `" + p.name +
                                  "` follows one with a default");
    }
  }
  if (stages_.count(name) != 0) {
    throw std::invalid_argument("stage `" + name + "` is registered twice");
  }
  auto key = name;
  stages_.emplace(std::move(key), std::make_unique<StageDef>(std::move(def)));
}

const StageDef* StageRegistry::find(std::string_view name) const {
  auto it = stages_.find(name);
  return it == stages_.end() ? nullptr : it->second.get();
}

std::vector<const StageDef*> StageRegistry::all() const {
  std::vector<const StageDef*> out;
  out.reserve(stages_.size());
  for (const auto& [name, def] : stages_)
    out.push_back(def.get());
  return out;
}

}  // namespace plumb

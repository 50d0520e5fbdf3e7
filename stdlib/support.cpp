// Shared helpers of the standard library: signatures, constant checks, errno text, typed list
// items (file reading is in file_read.cpp, atomic writes in file_write.cpp).
#include "stdlib/support.hpp"

#include <cerrno>
#include <cstring>
#include <memory>
#include <system_error>
#include <utility>

namespace plumb::stdlib {

namespace fs = std::filesystem;

Param required(std::string name, Type type, std::string doc) {
  return Param{std::move(name), type, std::nullopt, std::move(doc)};
}

Param optional(std::string name, Type type, Value default_value, std::string doc) {
  return Param{std::move(name), type, std::move(default_value), std::move(doc)};
}

StageDef make_stage(std::string name, std::vector<Param> params, Type result, Purity purity,
                    std::string summary, StageFunction run, ConstantCheck check) {
  StageDef def;
  def.signature.name = std::move(name);
  def.signature.params = std::move(params);
  def.signature.result = result;
  def.signature.purity = purity;
  def.signature.version = "1";
  def.signature.summary = std::move(summary);
  def.run = std::move(run);
  def.check_constant = std::move(check);
  return def;
}

ConstantCheck constant_check(std::string stage, NamedArgCheck check) {
  auto signature = std::make_shared<StageSignature>();
  signature->name = std::move(stage);
  return [signature, check = std::move(check)](std::string_view name,
                                               const Value& value) -> std::optional<std::string> {
    const Fields none;
    StageContext ctx(*signature, {}, none);
    try {
      check(ctx, name, value);
    } catch (const StageError& e) {
      return std::string(e.what());
    }
    return std::nullopt;
  };
}

ConstantCheck constant_checks(std::string stage,
                              std::vector<std::pair<std::string, ArgCheck>> checks) {
  return constant_check(std::move(stage),
                        [checks = std::move(checks)](const StageContext& ctx,
                                                     std::string_view param, const Value& value) {
                          for (const auto& [name, check] : checks) {
                            if (name == param) check(ctx, value);
                          }
                        });
}

std::function<void()> cancellation_callback(const StageContext& ctx) {
  return [&ctx] { ctx.throw_if_cancelled(); };
}

JsonOptions cancellable_json(const StageContext& ctx, int indent) {
  JsonOptions options;
  options.indent = indent;
  options.on_progress = cancellation_callback(ctx);
  return options;
}

std::string quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  out += text;
  out += '"';
  return out;
}

std::string describe_errno(int error) {
  switch (error) {
    case ENOENT:
      return "no such file";
    case EACCES:
    case EPERM:
      return "permission denied";
    case EISDIR:
      return "is a directory";
    case ENOTDIR:
      return "not a directory";
    case ENOSPC:
      return "no space left on device";
    case EDQUOT:
      return "disk quota exceeded";
    case EROFS:
      return "read-only file system";
    case EFBIG:
      return "file too large";
    case EEXIST:
      return "already exists";
    case ENAMETOOLONG:
      return "name too long";
    case ELOOP:
      return "too many symbolic links";
    case EIO:
      return "input/output error";
    default:
      break;
  }
  std::string text = std::strerror(error);
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] + 32);
  return text;
}

bool transient_errno(int error) {
  switch (error) {
    case EAGAIN:
    case EINTR:
    case EIO:
    case ENOSPC:
    case EDQUOT:
    case EMFILE:
    case ENFILE:
    case ENOMEM:
    case EBUSY:
    case ETIMEDOUT:
      return true;
    default:
      return false;
  }
}

void fail_errno(const StageContext& ctx, std::string_view verb, std::string_view path, int error) {
  ctx.fail("cannot " + std::string(verb) + " " + quote(path) + ": " + describe_errno(error),
           transient_errno(error));
}

void make_directories(const StageContext& ctx, const fs::path& dir) {
  if (dir.empty()) return;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    ctx.fail("cannot create directory " + quote(dir.string()) + ": " + describe_errno(ec.value()),
             transient_errno(ec.value()));
  }
}

std::string_view str_item(const StageContext& ctx, std::string_view arg,
                          std::span<const Value> list, std::size_t index) {
  const Value& item = list[index];
  if (!item.is_str()) {
    ctx.fail("argument `" + std::string(arg) + "`: item " + std::to_string(index) +
             " must be a str, not " + std::string(type_name(item)));
  }
  return item.as_str();
}

const Value& record_item(const StageContext& ctx, std::string_view arg, std::span<const Value> list,
                         std::size_t index) {
  const Value& item = list[index];
  if (!item.is_record()) {
    ctx.fail("argument `" + std::string(arg) + "`: row " + std::to_string(index) +
             " must be a record, not " + std::string(type_name(item)));
  }
  return item;
}

const Value& row_field(const StageContext& ctx, std::string_view arg, std::span<const Value> list,
                       std::size_t index, std::string_view key) {
  const Value* field = record_item(ctx, arg, list, index).find_field(key);
  if (!field) {
    ctx.fail("argument `" + std::string(arg) + "`: row " + std::to_string(index) +
             " has no field " + quote(key));
  }
  return *field;
}

Value make_record(std::initializer_list<std::pair<std::string_view, Value>> fields) {
  return Value::record(
      std::span<const std::pair<std::string_view, Value>>(fields.begin(), fields.size()));
}

}  // namespace plumb::stdlib

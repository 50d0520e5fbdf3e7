// Stage declarations: parameters, StageDefs and constant checks (signature.hpp).
#include "stdlib/signature.hpp"

#include <plumb/error.hpp>

#include <memory>
#include <optional>
#include <utility>

namespace plumb::stdlib {

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

}  // namespace plumb::stdlib

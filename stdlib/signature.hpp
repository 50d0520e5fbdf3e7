// Declaring a standard stage: its parameters, its StageDef (every standard stage is version
// "1"), and the compile-time checks of constant arguments that reuse the stage's own run-time
// validation, so the checker reports exactly the message the run would fail with.
#pragma once

#include <plumb/stage.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plumb::stdlib {

// A parameter without a default (required) or with one.
Param required(std::string name, Type type, std::string doc);
Param optional(std::string name, Type type, Value default_value, std::string doc);

// Builds a StageDef; every standard stage is version "1".
StageDef make_stage(std::string name, std::vector<Param> params, Type result, Purity purity,
                    std::string summary, StageFunction run, ConstantCheck check = {});

// Validates one argument's value, failing the context (with the run-time message) when it can
// never work. Values of the wrong type are left to the typed accessors.
using ArgCheck = std::function<void(const StageContext& ctx, const Value& value)>;

// A ConstantCheck for the checker: runs the ArgCheck of a parameter on its literal value and
// returns the message the stage would fail with at run time.
ConstantCheck constant_checks(std::string stage,
                              std::vector<std::pair<std::string, ArgCheck>> checks);
// The same for a check that sees the name of the parameter or extra keyword argument too.
using NamedArgCheck =
    std::function<void(const StageContext& ctx, std::string_view name, const Value& value)>;
ConstantCheck constant_check(std::string stage, NamedArgCheck check);

}  // namespace plumb::stdlib

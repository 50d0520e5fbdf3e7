// The abstract syntax tree of a .pipe file: an owned tree where every node carries its
// location. The parser builds it; the checker fills the annotation fields (types, resolved
// bindings and call targets) that lowering then reads. Nodes are plain structs discriminated
// by a kind enum; use `as<T>()` to view a node as its concrete type (checked in Debug and
// sanitizer builds).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <plumb/stage.hpp>
#include <plumb/type.hpp>
#include <plumb/value.hpp>
#include "base/invariant/check.hpp"
#include "base/stage/node_attributes.hpp"
#include "base/value/ops.hpp"

#include "compiler/diag/source.hpp"

namespace plumb::ast {

using diag::Loc;

struct BindStmt;
struct File;
struct Pipeline;
struct Stmt;

// What a name refers to, created by the checker for every binding site.
enum class BindingKind : std::uint8_t { Param, Let, Var, LoopItem, MapItem };

struct Binding {
  std::string name;
  Loc loc;
  BindingKind kind;
  Type type;
  std::uint32_t uses = 0;
  bool pure = true;  // bound to a value computed without effects (for unused-binding warnings)
  const BindStmt* decl = nullptr;  // the statement that bound it, if any
};

// `Invalid` stands in for an expression the parser already reported (a malformed literal,
// too deep nesting); the checker gives it the error type so no further message follows.
enum class ExprKind : std::uint8_t {
  Int,
  Float,
  Bool,
  Null,
  Str,
  List,
  Record,
  Name,
  Field,
  Index,
  Call,
  Unary,
  Binary,
  Ternary,
  Map,
  Filter,
  Invalid
};

struct Expr {
  Expr(ExprKind kind, Loc loc) : kind(kind), loc(loc) {}
  virtual ~Expr() = default;
  Expr(const Expr&) = delete;
  Expr& operator=(const Expr&) = delete;

  // Checked in Debug and sanitizer builds: the node is a T (base/invariant/check.hpp).
  template <typename T>
  T& as() {
    PLUMB_DCHECK(dynamic_cast<T*>(this) != nullptr, "as<T>() of a node that is not a T");
    return static_cast<T&>(*this);
  }
  template <typename T>
  const T& as() const {
    PLUMB_DCHECK(dynamic_cast<const T*>(this) != nullptr, "as<T>() of a node that is not a T");
    return static_cast<const T&>(*this);
  }

  ExprKind kind;
  std::uint32_t height = 1;  // 1 + the height of the deepest child (bounded by the parser)
  Loc loc;
  Type type = Type::any();       // inferred by the checker
  Purity effect = Purity::Pure;  // the strongest effect of the calls inside (checker)
};
using ExprPtr = std::unique_ptr<Expr>;

struct IntLit : Expr {
  IntLit(Loc loc, std::int64_t value) : Expr(ExprKind::Int, loc), value(value) {}
  std::int64_t value;
};

struct FloatLit : Expr {
  FloatLit(Loc loc, double value, bool duration)
      : Expr(ExprKind::Float, loc), value(value), is_duration(duration) {}
  double value;      // seconds, for durations
  bool is_duration;  // written as `250ms`, `5s`, ...
};

struct BoolLit : Expr {
  BoolLit(Loc loc, bool value) : Expr(ExprKind::Bool, loc), value(value) {}
  bool value;
};

struct NullLit : Expr {
  explicit NullLit(Loc loc) : Expr(ExprKind::Null, loc) {}
};

struct InvalidExpr : Expr {
  explicit InvalidExpr(Loc loc) : Expr(ExprKind::Invalid, loc) {}
};

// A string literal: literal text pieces and `${expr}` interpolations, in order.
struct StrPart {
  std::string text;
  ExprPtr expr;  // set for an interpolation, text empty
};

struct StrLit : Expr {
  explicit StrLit(Loc loc) : Expr(ExprKind::Str, loc) {}
  std::vector<StrPart> parts;
  bool is_plain() const { return parts.size() == 1 && !parts[0].expr; }
  bool is_empty() const { return parts.empty(); }
  // The text of a literal without interpolation.
  std::string plain_text() const { return parts.empty() ? std::string() : parts[0].text; }
};

struct ListLit : Expr {
  explicit ListLit(Loc loc) : Expr(ExprKind::List, loc) {}
  std::vector<ExprPtr> items;
};

struct RecordEntry {
  std::string key;
  Loc key_loc;
  ExprPtr value;
};

struct RecordLit : Expr {
  explicit RecordLit(Loc loc) : Expr(ExprKind::Record, loc) {}
  std::vector<RecordEntry> entries;
};

struct NameExpr : Expr {
  NameExpr(Loc loc, std::string name) : Expr(ExprKind::Name, loc), name(std::move(name)) {}
  std::string name;
  Binding* binding = nullptr;  // resolved by the checker
};

struct FieldExpr : Expr {
  FieldExpr(Loc loc, ExprPtr object, std::string field, Loc field_loc)
      : Expr(ExprKind::Field, loc),
        object(std::move(object)),
        field(std::move(field)),
        field_loc(field_loc) {}
  ExprPtr object;
  std::string field;
  Loc field_loc;
};

struct IndexExpr : Expr {
  IndexExpr(Loc loc, ExprPtr object, ExprPtr index)
      : Expr(ExprKind::Index, loc), object(std::move(object)), index(std::move(index)) {}
  ExprPtr object;
  ExprPtr index;
};

// An argument of a call or an attribute: positional when `keyword` is empty.
struct Arg {
  std::string keyword;
  Loc loc;  // of the keyword, or of the value when positional
  ExprPtr value;
};

enum class CallTargetKind : std::uint8_t { Unresolved, Stage, Builtin, Pipeline };

struct CallExpr : Expr {
  CallExpr(Loc loc, std::string callee, Loc callee_loc)
      : Expr(ExprKind::Call, loc), callee(std::move(callee)), callee_loc(callee_loc) {}
  std::string callee;  // `len`, `clean` or a dotted stage name such as `io.read_text`
  Loc callee_loc;
  std::vector<Arg> args;

  // Filled by the checker.
  CallTargetKind target = CallTargetKind::Unresolved;
  const StageDef* stage = nullptr;
  const Pipeline* pipeline = nullptr;
  int builtin = -1;
  // Argument per parameter of the callee, in parameter order (nullptr: the default applies),
  // and the extra keyword arguments of stages that accept any (`**fields`).
  std::vector<const Expr*> bound_args;
  std::vector<const Arg*> extra_kwargs;
};

// The operators are the run-time ones (base/value/ops.hpp), spelled by ops::spelling.
struct UnaryExpr : Expr {
  UnaryExpr(Loc loc, ops::Unary op, ExprPtr operand)
      : Expr(ExprKind::Unary, loc), op(op), operand(std::move(operand)) {}
  ops::Unary op;
  ExprPtr operand;
};

struct BinaryExpr : Expr {
  BinaryExpr(Loc loc, ops::Binary op, Loc op_loc, ExprPtr lhs, ExprPtr rhs)
      : Expr(ExprKind::Binary, loc),
        op(op),
        op_loc(op_loc),
        lhs(std::move(lhs)),
        rhs(std::move(rhs)) {}
  ops::Binary op;
  Loc op_loc;
  ExprPtr lhs;
  ExprPtr rhs;
};

struct TernaryExpr : Expr {
  TernaryExpr(Loc loc, ExprPtr cond, ExprPtr then_value, ExprPtr else_value)
      : Expr(ExprKind::Ternary, loc),
        cond(std::move(cond)),
        then_value(std::move(then_value)),
        else_value(std::move(else_value)) {}
  ExprPtr cond;
  ExprPtr then_value;
  ExprPtr else_value;
};

struct Block {
  Loc loc;
  std::uint32_t height = 1;
  std::vector<std::unique_ptr<Stmt>> stmts;
};

// `map X in SOURCE [, option: value]... { BODY }` and `filter X in SOURCE { BODY }`.
struct IterExpr : Expr {
  IterExpr(ExprKind kind, Loc loc) : Expr(kind, loc) {}
  std::string var;
  Loc var_loc;
  ExprPtr source;
  std::vector<Arg> options;
  Block body;
  Binding* item = nullptr;  // set by the checker
  // Set by the checker: the predicate of a filter (its body's final expression statement).
  const Expr* predicate = nullptr;
};

struct Attribute {
  std::string name;
  Loc loc;
  std::vector<Arg> args;
};

enum class StmtKind : std::uint8_t { Bind, If, For, While, Yield, Return, Expr };

struct Stmt {
  Stmt(StmtKind kind, Loc loc) : kind(kind), loc(loc) {}
  virtual ~Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  // Checked in Debug and sanitizer builds: the node is a T (base/invariant/check.hpp).
  template <typename T>
  T& as() {
    PLUMB_DCHECK(dynamic_cast<T*>(this) != nullptr, "as<T>() of a node that is not a T");
    return static_cast<T&>(*this);
  }
  template <typename T>
  const T& as() const {
    PLUMB_DCHECK(dynamic_cast<const T*>(this) != nullptr, "as<T>() of a node that is not a T");
    return static_cast<const T&>(*this);
  }

  StmtKind kind;
  std::uint32_t height = 1;
  Loc loc;
  std::vector<Attribute> attributes;
  NodeAttributes node_attributes;  // the attributes as validated by the checker
};
using StmtPtr = std::unique_ptr<Stmt>;

// `NAME = EXPR` or `var NAME = EXPR`.
struct BindStmt : Stmt {
  BindStmt(Loc loc, bool is_var_decl, std::string name, Loc name_loc, ExprPtr value)
      : Stmt(StmtKind::Bind, loc),
        is_var_decl(is_var_decl),
        name(std::move(name)),
        name_loc(name_loc),
        value(std::move(value)) {}
  bool is_var_decl;
  std::string name;
  Loc name_loc;
  ExprPtr value;
  Binding* binding = nullptr;  // the binding created, or the `var` assigned (checker)
};

struct IfArm {
  Loc loc;
  ExprPtr cond;  // null for the final `else`
  Block body;
};

struct IfStmt : Stmt {
  explicit IfStmt(Loc loc) : Stmt(StmtKind::If, loc) {}
  std::vector<IfArm> arms;  // `if`, each `else if`, then the `else` if any
  bool has_else() const { return !arms.empty() && !arms.back().cond; }
  // Set by the checker: names bound in every arm (visible after the `if`), and the `var`s
  // declared outside that some arm assigns.
  std::vector<Binding*> merged;
  std::vector<Binding*> assigned_vars;
};

struct ForStmt : Stmt {
  explicit ForStmt(Loc loc) : Stmt(StmtKind::For, loc) {}
  std::string var;
  Loc var_loc;
  ExprPtr source;
  Block body;
  Binding* item = nullptr;
  std::vector<Binding*> assigned_vars;  // loop-carried `var`s (checker)
};

struct WhileStmt : Stmt {
  explicit WhileStmt(Loc loc) : Stmt(StmtKind::While, loc) {}
  ExprPtr cond;
  ExprPtr max;  // `max N`, or null for the default bound
  Block body;
  std::vector<Binding*> assigned_vars;  // loop-carried `var`s (checker)
};

struct YieldStmt : Stmt {
  YieldStmt(Loc loc, ExprPtr value) : Stmt(StmtKind::Yield, loc), value(std::move(value)) {}
  ExprPtr value;
};

struct ReturnStmt : Stmt {
  ReturnStmt(Loc loc, ExprPtr value) : Stmt(StmtKind::Return, loc), value(std::move(value)) {}
  ExprPtr value;  // null for a bare `return`
};

struct ExprStmt : Stmt {
  ExprStmt(Loc loc, ExprPtr expr) : Stmt(StmtKind::Expr, loc), expr(std::move(expr)) {}
  ExprPtr expr;
};

struct TypeAnnotation {
  Loc loc;
  Type type;
};

struct Param {
  std::string name;
  Loc loc;
  std::optional<TypeAnnotation> annotation;
  ExprPtr default_value;
  Binding* binding = nullptr;             // set by the checker
  std::optional<Value> default_constant;  // the default, evaluated by the checker
};

struct Pipeline {
  std::string name;
  Loc loc;  // of the name
  std::vector<Param> params;
  std::optional<TypeAnnotation> result;
  Block body;
  const File* file = nullptr;
  // Set by the checker.
  Type result_type = Type::null();
  Purity effect = Purity::Pure;
};

struct Import {
  std::string path;  // as written
  Loc loc;
  const File* resolved = nullptr;  // set by the checker
};

struct File {
  const diag::SourceFile* source = nullptr;
  std::vector<Import> imports;
  std::vector<std::unique_ptr<Pipeline>> pipelines;
};

}  // namespace plumb::ast

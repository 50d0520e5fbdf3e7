// The IR printer. Nodes are printed in region order, regions nested in their node with
// `^label(params):` and a closing `yield results`.
#include "compiler/ir/printer.hpp"

#include <ostream>
#include <sstream>

#include <plumb/json.hpp>

#include "base/value/builtins.hpp"

namespace plumb::ir {

namespace {

std::string purity_suffix(Purity effect) {
  return effect == Purity::Pure ? "" : " " + std::string(purity_name(effect));
}

std::string seconds_text(double seconds) {
  std::ostringstream out;
  out << seconds << 's';
  return out.str();
}

std::string attributes_text(const NodeAttributes& a) {
  std::string out;
  if (a.retry) {
    out += " @retry(attempts: " + std::to_string(a.retry->attempts) +
           ", backoff: " + seconds_text(a.retry->backoff) + ")";
  }
  if (a.timeout) out += " @timeout(" + seconds_text(*a.timeout) + ")";
  if (a.cache) out += " @cache";
  if (!a.labels.empty()) {
    out += " @label(";
    for (std::size_t i = 0; i < a.labels.size(); ++i) {
      out += (i ? ", " : "") + a.labels[i].first + ": \"" + a.labels[i].second + "\"";
    }
    out += ")";
  }
  if (a.trace) {
    static const char* kItems[] = {"default", "none", "all", "sample"};
    std::ostringstream rate;
    rate << a.trace->rate;
    out += " @trace(items: \"" + std::string(kItems[static_cast<int>(a.trace->items)]) +
           "\", rate: " + rate.str() + ", limit: " + std::to_string(a.trace->limit) + ")";
  }
  if (!a.span_name.empty()) out += " @span(\"" + a.span_name + "\")";
  return out;
}

// A node's line without its scheduling level and regions: its results, operation, types,
// effect, captures and ordering edges.
class NodeFormatter {
 public:
  NodeFormatter(const Module& module, const Names& names) : m_(module), names_(names) {}

  std::string head(NodeId id) {
    const Node& n = m_.node(id);
    std::string out;
    if (n.results.empty()) {
      out += names_.node(id) + " = ";
    } else {
      for (std::size_t i = 0; i < n.results.size(); ++i) {
        out += (i ? ", " : "") + names_.value(n.results[i]);
      }
      out += " = ";
    }
    out += operation(n) + " : ";
    if (n.results.size() == 1) {
      out += m_.value(n.results[0]).type.to_string();
    } else {
      out += '(';
      for (std::size_t i = 0; i < n.results.size(); ++i) {
        out += (i ? ", " : "") + m_.value(n.results[i]).type.to_string();
      }
      out += ')';
    }
    out += purity_suffix(n.effect);
    if (has_regions(n.kind) && n.inputs.size() > n.operand_count) {
      out += " captures(";
      for (std::size_t i = n.operand_count; i < n.inputs.size(); ++i) {
        out += (i > n.operand_count ? ", " : "") + names_.value(n.inputs[i]);
      }
      out += ')';
    }
    if (!n.order_after.empty()) {
      out += " after(";
      for (std::size_t i = 0; i < n.order_after.size(); ++i) {
        out += (i ? ", " : "") + names_.node(n.order_after[i]);
      }
      out += ')';
    }
    return out;
  }

 private:
  std::string args_text(const Node& n, std::size_t first, std::size_t count) {
    std::string text;
    for (std::size_t i = first; i < first + count && i < n.args.size(); ++i) {
      text += (i > first ? ", " : "") + expr_text(m_, names_, n, n.args[i]);
    }
    return text;
  }

  std::string operation(const Node& n) {
    switch (n.kind) {
      case NodeKind::Param:
        return "param " + std::to_string(n.param_index);
      case NodeKind::Const:
        return "const " + expr_text(m_, names_, n, n.args.at(0));
      case NodeKind::Expr:
        return "expr " + expr_text(m_, names_, n, n.args.at(0));
      case NodeKind::Return:
        return "return " + expr_text(m_, names_, n, n.args.at(0));
      case NodeKind::Stage: {
        const auto& params = n.stage->signature.params;
        std::string text = "stage " + n.stage->signature.name + "(";
        for (std::size_t i = 0; i < n.args.size(); ++i) {
          std::string key = i < params.size() ? params[i].name
                                              : m_.string(n.extra_keywords.at(i - params.size()));
          text += (i ? ", " : "") + key + ": " + expr_text(m_, names_, n, n.args[i]);
        }
        return text + ")";
      }
      case NodeKind::Call: {
        const Function& callee = m_.function(n.callee);
        std::string text = "call @" + m_.string(callee.name) + "(";
        for (std::size_t i = 0; i < n.args.size(); ++i) {
          text += (i ? ", " : "") + m_.string(callee.params.at(i).name) + ": " +
                  expr_text(m_, names_, n, n.args[i]);
        }
        return text + ")";
      }
      case NodeKind::Map:
      case NodeKind::Filter:
        return std::string(kind_name(n.kind)) + "(" + args_text(n, 0, 1) +
               ", concurrency: " + args_text(n, 1, 1) + ")";
      case NodeKind::Branch:
        return "if(" + args_text(n, 0, 1) + ")";
      case NodeKind::For:
        return "for(" + args_text(n, 0, 1) +
               (n.args.size() > 1 ? ", carry: " + args_text(n, 1, n.args.size() - 1) : "") + ")";
      case NodeKind::While:
        return "while(max: " + args_text(n, 0, 1) +
               (n.args.size() > 1 ? ", carry: " + args_text(n, 1, n.args.size() - 1) : "") + ")";
    }
    return "?";
  }

  const Module& m_;
  const Names& names_;
};

class Printer {
 public:
  Printer(std::ostream& out, const Module& module, FunctionId function)
      : out_(out), m_(module), function_(function), names_(module, function) {}

  void print() {
    const Function& f = m_.function(function_);
    const Region& body = m_.region(f.body);
    out_ << "pipeline @" << m_.string(f.name) << '(';
    for (std::size_t i = 0; i < f.params.size(); ++i) {
      const ParamInfo& p = f.params[i];
      out_ << (i ? ", " : "") << '%' << m_.string(p.name) << ": " << p.type.to_string();
      if (p.default_value) out_ << " = " << to_json(*p.default_value);
    }
    out_ << ") -> " << f.result_type.to_string() << purity_suffix(f.effect) << " {\n";
    for (NodeId id : body.nodes)
      node(id, 1);
    out_ << "}\n";
  }

 private:
  void indent(int depth) { out_ << std::string(static_cast<std::size_t>(depth) * 2, ' '); }

  void node(NodeId id, int depth) {
    const Node& n = m_.node(id);
    indent(depth);
    out_ << NodeFormatter(m_, names_).head(id);
    if (n.level > 0) out_ << " level " << n.level << (n.critical ? " critical" : "");
    out_ << attributes_text(n.attributes);
    if (n.regions.empty()) {
      out_ << '\n';
      return;
    }
    out_ << " {\n";
    for (std::size_t r = 0; r < n.regions.size(); ++r) {
      const Region& region = m_.region(n.regions[r]);
      indent(depth);
      out_ << '^' << region_label(n.kind, r) << '(';
      for (std::size_t i = 0; i < region.params.size(); ++i) {
        out_ << (i ? ", " : "") << names_.value(region.params[i]) << ": "
             << m_.value(region.params[i]).type.to_string();
      }
      out_ << "):\n";
      for (NodeId inner : region.nodes)
        node(inner, depth + 1);
      indent(depth + 1);
      out_ << "yield";
      for (std::size_t i = 0; i < region.results.size(); ++i) {
        out_ << (i ? ", " : " ") << names_.value(region.results[i]);
      }
      out_ << '\n';
    }
    indent(depth);
    out_ << "}\n";
  }

  std::ostream& out_;
  const Module& m_;
  FunctionId function_;
  Names names_;
};

}  // namespace

Names::Names(const Module& module, FunctionId function) {
  const Function& f = module.function(function);
  region(module, f.body);
}

std::string Names::value(ValueId id) const {
  auto it = values_.find(id.index);
  return it != values_.end() ? it->second : "%v" + std::to_string(id.index);
}

std::string Names::node(NodeId id) const {
  auto it = nodes_.find(id.index);
  return it != nodes_.end() ? it->second : "%node" + std::to_string(id.index);
}

std::string Names::unique(const std::string& base) {
  int& count = taken_[base];
  std::string name = count == 0 ? base : base + "." + std::to_string(count);
  ++count;
  return name;
}

void Names::region(const Module& m, RegionId id) {
  const Region& r = m.region(id);
  for (ValueId p : r.params)
    values_[p.index] = unique("%" + m.string(m.value(p).name));
  for (NodeId n : r.nodes) {
    const Node& node = m.node(n);
    for (ValueId v : node.results)
      values_[v.index] = unique("%" + m.string(m.value(v).name));
    nodes_[n.index] = node.results.empty() ? unique("%" + m.string(node.name))
                                           : values_.at(node.results[0].index);
    for (RegionId inner : node.regions)
      region(m, inner);
  }
}

std::string expr_text(const Module& m, const Names& names, const Node& node, ExprId id) {
  const ExprNode& e = m.expr(id);
  auto arg = [&](std::uint32_t i) { return expr_text(m, names, node, m.expr_arg(e, i)); };
  auto list = [&](std::uint32_t from) {
    std::string text;
    for (std::uint32_t i = from; i < e.arg_count; ++i)
      text += (i > from ? ", " : "") + arg(i);
    return text;
  };
  switch (e.op) {
    case ExprOp::Const: {
      const Value& v = m.constants.at(e.aux);
      return v.is_absent() ? "absent" : to_json(v);
    }
    case ExprOp::Input:
      return names.value(node.inputs.at(e.aux));
    case ExprOp::Unary:
      return std::string(ops::spelling(static_cast<ops::Unary>(e.sub))) +
             (static_cast<ops::Unary>(e.sub) == ops::Unary::Not ? " " : "") + arg(0);
    case ExprOp::Binary:
      return "(" + arg(0) + " " + std::string(ops::spelling(static_cast<ops::Binary>(e.sub))) +
             " " + arg(1) + ")";
    case ExprOp::And:
      return "(" + arg(0) + " and " + arg(1) + ")";
    case ExprOp::Or:
      return "(" + arg(0) + " or " + arg(1) + ")";
    case ExprOp::Ternary:
      return "(" + arg(0) + " ? " + arg(1) + " : " + arg(2) + ")";
    case ExprOp::Field:
      return arg(0) + "." + m.string(e.aux);
    case ExprOp::Index:
      return arg(0) + "[" + arg(1) + "]";
    case ExprOp::List:
      return "[" + list(0) + "]";
    case ExprOp::Record: {
      const Shape& shape = m.shapes.at(e.aux);
      std::string text = "{";
      for (std::uint32_t i = 0; i < e.arg_count; ++i) {
        text += (i ? ", " : "") + std::string(shape.key(i)) + ": " + arg(i);
      }
      return text + "}";
    }
    case ExprOp::Builtin:
      return std::string(builtins::get(static_cast<int>(e.aux)).name) + "(" + list(0) + ")";
    case ExprOp::Concat:
      return "concat(" + list(0) + ")";
  }
  return "?";
}

std::string node_text(const Module& module, const Names& names, NodeId node) {
  return NodeFormatter(module, names).head(node) + attributes_text(module.node(node).attributes);
}

void print_function(std::ostream& out, const Module& module, FunctionId function) {
  Printer(out, module, function).print();
}

void print(std::ostream& out, const Module& module) {
  for (std::uint32_t i = 0; i < module.functions.size(); ++i) {
    if (i > 0) out << '\n';
    print_function(out, module, FunctionId{i});
  }
}

}  // namespace plumb::ir

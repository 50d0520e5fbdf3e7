// The dry-run plan printer: levels per region, nested regions indented under their node, the
// entry pipeline first and then the pipelines it calls.
#include "tools/plumb/dry_run.hpp"

#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <vector>

#include "compiler/ir/printer.hpp"

namespace plumb::cli {

namespace {

class PlanPrinter {
 public:
  PlanPrinter(std::ostream& out, const ir::Module& m) : out_(out), m_(m) {}

  // The entry pipeline, then every pipeline it calls, directly or not, in the order they are
  // first called (a worklist, not recursion: call chains may be thousands long).
  void functions(ir::FunctionId entry) {
    queued_.insert(entry.index);
    order_.push_back(entry);
    for (std::size_t next = 0; next < order_.size(); ++next)
      function(order_[next]);
  }

 private:
  void function(ir::FunctionId id) {
    names_.emplace(m_, id);  // value names are per function
    const ir::Function& f = m_.function(id);
    out_ << "pipeline " << m_.string(f.name) << " (" << m_.files.at(f.loc.file) << ")\n";
    region(f.body, 1);
  }

  void indent(int depth) { out_ << std::string(static_cast<std::size_t>(depth) * 2, ' '); }

  std::string call_text(const ir::Node& n) {
    std::string text;
    for (std::size_t i = 0; i < n.args.size(); ++i) {
      text += (i ? ", " : "") + ir::expr_text(m_, *names_, n, n.args[i]);
    }
    switch (n.kind) {
      case ir::NodeKind::Stage:
        return n.stage->signature.name + "(" + text + ")";
      case ir::NodeKind::Call:
        if (queued_.insert(n.callee.index).second) order_.push_back(n.callee);
        return "pipeline " + m_.string(m_.function(n.callee).name) + "(" + text + ")";
      case ir::NodeKind::Map:
      case ir::NodeKind::Filter:
        return std::string(ir::kind_name(n.kind)) + " over " +
               ir::expr_text(m_, *names_, n, n.args[0]);
      case ir::NodeKind::Branch:
        return "if " + ir::expr_text(m_, *names_, n, n.args[0]);
      case ir::NodeKind::For:
        return "for each of " + ir::expr_text(m_, *names_, n, n.args[0]);
      case ir::NodeKind::While:
        return "while (at most " + ir::expr_text(m_, *names_, n, n.args[0]) + " times)";
      default:
        return std::string(ir::kind_name(n.kind)) + (text.empty() ? "" : " " + text);
    }
  }

  void region(ir::RegionId id, int depth) {
    std::map<std::uint32_t, std::vector<ir::NodeId>> levels;
    for (ir::NodeId n : m_.region(id).nodes)
      levels[m_.node(n).level].push_back(n);
    for (const auto& [level, nodes] : levels) {
      indent(depth);
      out_ << "stage " << level
           << (nodes.size() > 1 ? " (" + std::to_string(nodes.size()) + " nodes at once)" : "")
           << '\n';
      for (ir::NodeId id_node : nodes) {
        const ir::Node& n = m_.node(id_node);
        indent(depth + 1);
        out_ << m_.string(n.name) << ": " << call_text(n);
        if (n.effect != Purity::Pure) out_ << "  [" << purity_name(n.effect) << "]";
        if (n.critical) out_ << "  [critical path]";
        out_ << '\n';
        // A node with several regions labels each, and indents its stages under the label.
        const bool labelled = n.regions.size() > 1;
        for (std::size_t r = 0; r < n.regions.size(); ++r) {
          if (labelled) {
            indent(depth + 2);
            out_ << (n.kind == ir::NodeKind::Branch ? (r == 0 ? "then" : "else")
                                                    : (r == 0 ? "condition" : "body"))
                 << '\n';
          }
          region(n.regions[r], depth + (labelled ? 3 : 2));
        }
      }
    }
  }

  std::ostream& out_;
  const ir::Module& m_;
  std::optional<ir::Names> names_;
  std::set<std::uint32_t> queued_;
  std::vector<ir::FunctionId> order_;
};

}  // namespace

void print_plan(std::ostream& out, const ir::Module& module, ir::FunctionId entry) {
  out << "execution plan (nothing was run)\n";
  PlanPrinter(out, module).functions(entry);
}

}  // namespace plumb::cli

// The program version a run records: its files with a content hash over them, and its nodes.
// A node's identity is its pipeline, the names of the structured nodes around it, and its own
// name, with the line number of an unnamed node (`log.info#12`) replaced by its ordinal among
// the nodes of that name around it (`log.info#1`), so inserting a line elsewhere changes no
// identity. Its code hash is over its IR line (`plumb ir`), line numbers left out, and its
// stage's version: what it computes.
#include <algorithm>
#include <map>
#include <set>

#include <plumb/json.hpp>

#include "compiler/ir/printer.hpp"
#include "runtime/api/store_record.hpp"
#include "runtime/store/content_hash.hpp"

namespace plumb::api {

namespace {

// `log.info#12` → `log.info#`; every `#` followed by digits loses the digits.
std::string without_line_numbers(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] != '#') continue;
    while (i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9')
      ++i;
  }
  return out;
}

std::string labels_json(const telemetry::NodeMeta& meta) {
  if (meta.labels.empty()) return "";
  std::string out = "{";
  for (std::size_t i = 0; i < meta.labels.size(); ++i) {
    if (i > 0) out += ", ";
    append_json_string(out, meta.labels[i].first);
    out += ": ";
    append_json_string(out, meta.labels[i].second);
  }
  return out + "}";
}

class NodeDescriber {
 public:
  explicit NodeDescriber(const exec::Plan& plan) : m_(*plan.module) {
    for (const exec::TracedNode& t : plan.traced)
      traced_.insert(t.id);
  }

  store::ProgramNode describe(const exec::NodePlan& np) {
    const ir::NodeId id{np.id};
    const ir::Node& n = m_.node(id);
    const telemetry::NodeMeta& meta = np.meta;
    store::ProgramNode out;
    out.site() = meta.site();
    if (n.kind != ir::NodeKind::Stage) out.stage.clear();
    out.id = np.id;
    out.kind = std::string(ir::kind_name(n.kind));
    out.callee = meta.callee;
    out.labels = labels_json(meta);
    const ir::Region& region = m_.region(n.region);
    if (region.owner.valid()) out.parent = region.owner.index;
    out.identity = identity(id, meta.pipeline);
    out.predecessors = predecessors(n);
    store::ContentHasher code;
    code.add(without_line_numbers(ir::node_text(m_, names(region.function), id)));
    if (n.stage) code.add(n.stage->signature.version);
    out.code_hash = code.hex();
    return out;
  }

 private:
  const ir::Names& names(ir::FunctionId function) {
    auto it = names_.find(function.index);
    if (it == names_.end()) {
      it = names_.emplace(function.index, std::make_unique<ir::Names>(m_, function)).first;
    }
    return *it->second;
  }

  // The node's path: its pipeline, then the structured nodes around it, then its name.
  std::string identity(ir::NodeId id, const std::string& pipeline) {
    auto known = identities_.find(id.index);
    if (known != identities_.end()) return known->second;
    const ir::NodeId owner = m_.region(m_.node(id).region).owner;
    const std::string scope = owner.valid() ? identity(owner, pipeline) : pipeline;
    std::string name = without_line_numbers(m_.node_name(id));
    if (!name.empty() && name.back() == '#')
      name += std::to_string(++ordinals_[scope + "/" + name]);
    std::string full = scope + "/" + name;
    if (int& seen = used_[full]; seen++ > 0) full += "~" + std::to_string(seen);
    identities_.emplace(id.index, full);
    return full;
  }

  std::vector<std::uint32_t> predecessors(const ir::Node& n) const {
    std::vector<std::uint32_t> out;
    auto add = [&](ir::NodeId p) {
      if (p.valid() && traced_.count(p.index) &&
          std::find(out.begin(), out.end(), p.index) == out.end()) {
        out.push_back(p.index);
      }
    };
    for (ir::ValueId v : n.inputs)
      add(m_.value(v).def);
    for (ir::NodeId before : n.order_after)
      add(before);
    return out;
  }

  const ir::Module& m_;
  std::set<std::uint32_t> traced_;
  std::map<std::uint32_t, std::unique_ptr<ir::Names>> names_;
  std::map<std::string, int> ordinals_;
  std::map<std::string, int> used_;
  std::map<std::uint32_t, std::string> identities_;
};

}  // namespace

ProgramSources program_sources(std::vector<store::ProgramFile> files) {
  store::ContentHasher hash;
  for (const store::ProgramFile& f : files) {
    hash.add(f.path);
    hash.add(f.text);
  }
  return ProgramSources{std::make_shared<const std::vector<store::ProgramFile>>(std::move(files)),
                        hash.hex()};
}

std::vector<store::ProgramNode> program_nodes(const exec::Plan& plan) {
  // Identities are handed out in node id order (source order), whatever the plan's order.
  std::vector<const exec::NodePlan*> nodes;
  for (const exec::TracedNode& t : plan.traced)
    nodes.push_back(&plan.regions[t.region].nodes[t.index]);
  std::sort(nodes.begin(), nodes.end(),
            [](const exec::NodePlan* a, const exec::NodePlan* b) { return a->id < b->id; });
  NodeDescriber describer(plan);
  std::vector<store::ProgramNode> out;
  out.reserve(nodes.size());
  for (const exec::NodePlan* np : nodes)
    out.push_back(describer.describe(*np));
  return out;
}

}  // namespace plumb::api

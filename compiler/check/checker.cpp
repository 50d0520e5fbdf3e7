// Program-wide checking: pipeline names per file (own and imported), callee-before-caller
// order with recursion detection, and the entry point `check`. The order is a depth-first walk
// over calls kept on an explicit stack, so a chain of thousands of pipelines each calling the
// next is checked without deep recursion.
#include "compiler/check/checker.hpp"

#include <stdexcept>

#include "compiler/check/callees.hpp"
#include "compiler/check/cycle_text.hpp"

#include "base/value/builtins.hpp"
#include "compiler/check/check.hpp"
#include "compiler/check/loader.hpp"

namespace plumb::check {

Checker::Checker(const StageRegistry& registry, diag::Diagnostics& diags, Program& program,
                 Analysis* analysis)
    : registry_(registry), diags_(diags), program_(program), analysis_(analysis) {
  for (const StageDef* stage : registry.all())
    stage_names_.push_back(stage->signature.name);
}

void Checker::run() {
  for (const auto& file : program_.files) {
    for (const auto& p : file->pipelines)
      mutable_[p.get()] = p.get();
  }
  for (const auto& file : program_.files)
    collect_pipelines(*file);
  for (const auto& file : program_.files) {
    for (const auto& p : file->pipelines) {
      if (status_[p.get()] == Status::Unchecked) check_from(*p);
    }
  }
}

void Checker::collect_pipelines(const ast::File& file) {
  auto& visible = visible_[&file];
  for (const auto& p : file.pipelines) {
    if (builtins::find(p->name) >= 0) {
      diags_.report(diag::Kind::ReservedName, p->loc,
                    "pipeline " + diag::code(p->name) + " has the name of a built-in function");
    }
    auto [it, inserted] = visible.emplace(p->name, p.get());
    if (!inserted) {
      auto& d = diags_.report(diag::Kind::DuplicatePipeline, p->loc,
                              "pipeline " + diag::code(p->name) + " is defined twice");
      d.notes.push_back({it->second->loc, "first defined here"});
    }
  }
  for (const ast::Import& import : file.imports) {
    if (!import.resolved) continue;
    for (const auto& p : import.resolved->pipelines) {
      auto [it, inserted] = visible.emplace(p->name, p.get());
      if (!inserted && it->second != p.get()) {
        auto& d = diags_.report(diag::Kind::DuplicatePipeline, import.loc,
                                "imported pipeline " + diag::code(p->name) +
                                    " has the same name as another pipeline in this file");
        d.notes.push_back({it->second->loc, "the other one is defined here"});
      }
    }
  }
}

const ast::Pipeline* Checker::find_pipeline(const ast::File& from, const std::string& name) const {
  auto file = visible_.find(&from);
  if (file == visible_.end()) return nullptr;
  auto it = file->second.find(name);
  return it == file->second.end() ? nullptr : it->second;
}

std::vector<std::string> Checker::pipeline_names(const ast::File& from) const {
  std::vector<std::string> names;
  auto file = visible_.find(&from);
  if (file != visible_.end()) {
    for (const auto& [name, p] : file->second)
      names.push_back(name);
  }
  return names;
}

void Checker::check_from(ast::Pipeline& root) {
  struct Visit {
    ast::Pipeline* pipeline;
    std::vector<const ast::Pipeline*> callees;
    std::size_t next = 0;
  };
  std::vector<Visit> stack;
  auto enter = [&](ast::Pipeline& pipeline) {
    status_[&pipeline] = Status::InProgress;
    in_progress_.push_back(&pipeline);
    auto resolve = [&](const std::string& name) { return find_pipeline(*pipeline.file, name); };
    stack.push_back(Visit{&pipeline, callees(pipeline, resolve)});
  };
  enter(root);
  while (!stack.empty()) {
    Visit& top = stack.back();
    if (top.next < top.callees.size()) {
      const ast::Pipeline* callee = top.callees[top.next++];
      if (status_[callee] == Status::Unchecked) enter(*mutable_.at(callee));
      continue;
    }
    ast::Pipeline& pipeline = *top.pipeline;
    PipelineChecker(*this, pipeline).run();
    in_progress_.pop_back();
    status_[&pipeline] = Status::Done;
    stack.pop_back();
  }
}

std::optional<Checker::PipelineInfo> Checker::pipeline_info(const ast::Pipeline& callee,
                                                            std::string& cycle) {
  Status status = status_[&callee];
  if (status == Status::InProgress) {
    std::vector<std::string> steps;
    bool in_cycle = false;
    for (const ast::Pipeline* p : in_progress_) {
      if (p == &callee) in_cycle = true;
      if (in_cycle) steps.push_back(p->name);
    }
    steps.push_back(callee.name);
    cycle = cycle_text(steps);
    return std::nullopt;
  }
  if (status == Status::Unchecked) {
    throw std::logic_error("checker: pipeline `" + callee.name +
                           "` is called but was not checked before its caller");
  }
  return PipelineInfo{callee.result_type, callee.effect};
}

std::unique_ptr<Program> check(const diag::SourceFile& entry, diag::SourceManager& sources,
                               diag::Diagnostics& diags, const StageRegistry& registry,
                               Analysis* analysis) {
  auto program = std::make_unique<Program>();
  if (!load_program(entry, sources, diags, *program)) return nullptr;
  Checker(registry, diags, *program, analysis).run();
  return program;
}

}  // namespace plumb::check

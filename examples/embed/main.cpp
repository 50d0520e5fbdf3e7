// A C++ application that embeds plumb: it registers its own stage (`shop.price`, which opens a
// child span around its lookup), observes node completions, compiles a .pipe file and runs it
// with arguments, then prints the result and the run summary.
//
//   embed prices.pipe apple pear
#include <atomic>
#include <iostream>
#include <map>

#include <plumb/plumb.hpp>

namespace {

const std::map<std::string, double> kPrices = {{"apple", 0.5}, {"pear", 0.75}, {"melon", 2.0}};

plumb::StageDef price_stage() {
  plumb::StageDef stage;
  stage.signature.name = "shop.price";
  stage.signature.params = {{"item", plumb::Type::string(), std::nullopt, "the item to price"}};
  stage.signature.result = plumb::Type::number();
  stage.signature.purity = plumb::Purity::Pure;
  stage.signature.version = "1";
  stage.signature.summary = "the price of an item in the shop's catalogue";
  stage.run = [](plumb::StageContext& ctx) {
    plumb::Span lookup("catalogue.lookup");
    std::string item(ctx.str_arg("item"));
    lookup.set("shop.item", item);
    auto found = kPrices.find(item);
    if (found == kPrices.end()) ctx.fail("no price for `" + item + "`");
    return plumb::Value::number(found->second);
  };
  return stage;
}

class NodeCounter : public plumb::Observer {
 public:
  void on_node_end(const plumb::NodeEvent&) override { ++nodes; }
  std::atomic<int> nodes{0};
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: embed FILE.pipe ITEM...\n";
    return 2;
  }
  plumb::Engine engine;
  engine.register_stage(price_stage());
  auto counter = std::make_shared<NodeCounter>();
  engine.add_observer(counter);
  try {
    plumb::Program program = engine.compile_file(argv[1]);
    std::vector<plumb::Value> items;
    for (int i = 2; i < argc; ++i)
      items.push_back(plumb::Value::string(argv[i]));
    plumb::Result result = program.run({{"items", plumb::Value::list(std::move(items))}});
    if (!result.ok()) {
      std::cerr << "error: " << result.error->describe() << '\n';
      return 1;
    }
    std::cout << plumb::to_json(result.value) << '\n';
    std::cout << "nodes observed: " << counter->nodes.load() << '\n';
    return 0;
  } catch (const plumb::CompileError& e) {
    std::cerr << e.what();
    return 2;
  }
}
